package org.cityhealth.hub.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cityhealth.hub.imaging.SampleStudies;
import org.cityhealth.hub.imaging.StowSender;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.ResidentTruth;

/**
 * The demo's other feeds, sent over the hub's own endpoints as the hospitals' systems would: an exam centre's CSV
 * export (GB18030, the built-in E001 mapping), a HIS's HL7 v2 admission and lab results, and a CT study over
 * STOW-RS, all about residents of the generated city, so the exam pages, the feeds pages and the imaging previews
 * have something to show.
 */
final class DemoFeeds {

    private static final String EXAM_CENTRE = "E001";
    private static final String HOSPITAL = "H001";
    private static final int RESIDENTS = 6;

    private final HttpClient client = HttpClient.newHttpClient();
    private final String url;
    private final Map<String, String> tokens;

    DemoFeeds(String url, Map<String, String> tokens) {
        this.url = url;
        this.tokens = tokens;
    }

    /** Sends them all; returns one line per feed for the console. */
    List<String> send(CityGenerator generator) throws IOException, InterruptedException {
        List<ResidentTruth> residents = new ArrayList<>();
        for (Iterator<ResidentTruth> all = generator.residents(); all.hasNext() && residents.size() < RESIDENTS; ) {
            residents.add(all.next());
        }
        List<String> lines = new ArrayList<>();
        if (tokens.containsKey(EXAM_CENTRE)) {
            lines.add("exam CSV from " + EXAM_CENTRE + ": HTTP " + post("/ingest/exam", EXAM_CENTRE, "text/csv", examCsv(residents)));
        }
        if (tokens.containsKey(HOSPITAL)) {
            int accepted = 0;
            for (int i = 0; i < residents.size(); i++) {
                accepted += post("/ingest/hl7v2", HOSPITAL, "x-application/hl7-v2+er7", admission(residents.get(i), i)) == 200 ? 1 : 0;
                accepted += post("/ingest/hl7v2", HOSPITAL, "x-application/hl7-v2+er7", results(residents.get(i), i)) == 200 ? 1 : 0;
            }
            lines.add("HL7 v2 ADT^A01 and ORU^R01 from " + HOSPITAL + ": " + accepted + " of " + 2 * residents.size() + " acknowledged AA");
            String boundary = UUID.randomUUID().toString();
            int status = post("/dicomweb/studies", HOSPITAL, "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                    StowSender.multipart(boundary, SampleStudies.chestCt("demo-" + residents.getFirst().residentId(),
                            residents.getFirst().residentId(), "=" + residents.getFirst().name(), "20261120", 3, 128)));
            lines.add("DICOM CT study over STOW-RS from " + HOSPITAL + ": HTTP " + status);
        }
        return lines;
    }

    private int post(String path, String source, String contentType, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + tokens.get(source))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** E001's wide export: one row per exam, the columns its mapping names, in GB18030 as its export tool writes. */
    private static byte[] examCsv(List<ResidentTruth> residents) {
        StringBuilder csv = new StringBuilder("体检号,体检者编号,姓名,性别,出生日期,身份证号,体检日期,身高,体重,体重指数,收缩压,舒张压,心率,"
                + "白细胞计数,血红蛋白,空腹血糖,总胆固醇,低密度脂蛋白胆固醇,丙氨酸氨基转移酶,肌酐,尿蛋白,乙肝表面抗原\n");
        for (int i = 0; i < residents.size(); i++) {
            ResidentTruth r = residents.get(i);
            boolean male = "male".equals(r.sex());
            csv.append(String.join(",", "TJ2026" + (1001 + i), "E" + (5001 + i), r.name(), male ? "男" : "女", r.birthDate().toString(),
                    r.residentId(), LocalDate.of(2026, 10, 8 + i).toString(), male ? "172" : "160", male ? "71.5" : "56.0",
                    male ? "24.2" : "21.9", Integer.toString(118 + 6 * i), Integer.toString(76 + 3 * i), Integer.toString(68 + i),
                    "6.1", male ? "148" : "126", i % 3 == 0 ? "6.8" : "5.2", i % 2 == 0 ? "5.9" : "4.6", i % 2 == 0 ? "3.9" : "2.7",
                    "23", male ? "84" : "63", "阴性", "阴性")).append('\n');
        }
        return csv.toString().getBytes(Charset.forName("GB18030"));
    }

    private static String pid(ResidentTruth r, int i) {
        String[] name = r.name().length() > 1 ? new String[] {r.name().substring(0, 1), r.name().substring(1)} : new String[] {r.name(), ""};
        return "PID|1||" + r.residentId() + "^^^CHN^NI~HIS" + (7001 + i) + "^^^" + HOSPITAL + "^MR||" + name[0] + "^" + name[1] + "||"
                + r.birthDate().toString().replace("-", "") + "|" + ("male".equals(r.sex()) ? "M" : "F") + "\r";
    }

    private static byte[] admission(ResidentTruth r, int i) {
        return ("MSH|^~\\&|HIS|" + HOSPITAL + "|CITYHEALTH|HUB|20261120090000+0800||ADT^A01^ADT_A01|DEMO-ADT-" + i + "|P|2.5.1|||||CHN|UNICODE UTF-8\r"
                + "EVN|A01|20261120090000+0800\r" + pid(r, i)
                + "PV1|1|I|心内科^301^2||||D1001^王^建国|||||||||||V" + (9001 + i) + "|||||||||||||||||||||||||20261120090000+0800\r")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] results(ResidentTruth r, int i) {
        return ("MSH|^~\\&|LIS|" + HOSPITAL + "|CITYHEALTH|HUB|20261120113000+0800||ORU^R01^ORU_R01|DEMO-ORU-" + i + "|P|2.5.1|||||CHN|UNICODE UTF-8\r"
                + pid(r, i)
                + "OBR|1|LAB" + (3001 + i) + "|LABF" + (3001 + i) + "|24323-8^Comprehensive metabolic panel^LN|||20261120100000+0800||||||||||||||20261120113000+0800|||F\r"
                + "OBX|1|NM|2345-7^Glucose^LN||" + (5 + i % 4) + ".4|mmol/L^mmol/L^UCUM|3.9-6.1|" + (i % 4 >= 1 ? "H" : "N") + "|||F|||20261120100000+0800\r"
                + "OBX|2|NM|2160-0^Creatinine^LN||" + (70 + 9 * i) + "|umol/L^umol/L^UCUM|41-97|" + (70 + 9 * i > 97 ? "H" : "N") + "|||F|||20261120100000+0800\r"
                + "OBX|3|NM|2823-3^Potassium^LN||4." + i + "|mmol/L^mmol/L^UCUM|3.5-5.3|N|||F|||20261120100000+0800\r")
                .getBytes(StandardCharsets.UTF_8);
    }
}
