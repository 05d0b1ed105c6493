package org.cityhealth.hub.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.Uids;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.identity.LinkRule;
import org.cityhealth.hub.identity.MpiEvents;
import org.cityhealth.hub.identity.PersonMoves;
import org.cityhealth.hub.lifecycle.Lifecycle;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.StoredResource;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Imaging end to end (on H2 and on PostgreSQL) with real dcmtk files and tools: STOW-RS, QIDO-RS, WADO-RS (byte-exact, metadata,
 * rendered), the ImagingStudy built from the index, resends, C-STORE and C-ECHO with storescu/echoscu and their
 * rejections, a broken file kept in the vault as rejected, and the move of old imaging to cold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ImagingContract {

    static final String SOURCE = "IMG-" + UUID.randomUUID().toString().substring(0, 8);
    static final String CALLING_AE = "TESTPACS";
    static final String ORTHANC_AE = "ORTHANCPACS";
    /** A PACS of a source with no query networks: it may store, not query. */
    static final String STORE_ONLY_SOURCE = SOURCE + "-SO";
    static final String STORE_ONLY_AE = "STOREONLY";
    static final String STOW = "multipart/related; type=\"application/dicom\"; boundary=";
    /** Where movescu takes the instances a C-MOVE sends to it (CALLING_AE as destination). */
    static final int MOVE_PORT = freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("cityhealth.imaging.dicom-port", () -> "0");
        registry.add("cityhealth.imaging.calling-ae[" + CALLING_AE + "]", () -> SOURCE);
        registry.add("cityhealth.imaging.calling-ae[" + ORTHANC_AE + "]", () -> SOURCE);
        registry.add("cityhealth.imaging.calling-ae[" + STORE_ONLY_AE + "]", () -> STORE_ONLY_SOURCE);
        registry.add("cityhealth.imaging.study-delay", () -> "200ms");
        registry.add("cityhealth.imaging.move-destinations[" + CALLING_AE + "]", () -> "127.0.0.1:" + MOVE_PORT);
        registry.add("cityhealth.imaging.move-destinations[STRANGER]", () -> "127.0.0.1:" + MOVE_PORT);
        registry.add("cityhealth.imaging.query-networks[" + SOURCE + "][0]", () -> "127.0.0.1/32");
        registry.add("cityhealth.lifecycle.schedule", () -> "0");
    }

    @LocalServerPort
    int port;
    @Autowired
    AdminBootstrap admin;
    @Autowired
    DicomListener listener;
    @Autowired
    ResourceStore store;
    @Autowired
    Vault vault;
    @Autowired
    Lifecycle lifecycle;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InstanceIndex index;
    @Autowired
    InstanceObjects objects;
    @Autowired
    PersonMoves moves;
    @TempDir
    Path directory;

    HubClient hub;
    String token;
    /** The source's token per hub (by port): H2 and PostgreSQL run as two hubs in one JVM, each registers the source once. */
    private static final Map<Integer, String> TOKENS = new ConcurrentHashMap<>();

    @BeforeEach
    void connect() {
        DicomTools.requireDcmtk();
        hub = new HubClient(port, admin.demoPassword());
        token = TOKENS.computeIfAbsent(port, any -> {
            HubClient.Response response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/admin/sources"))
                    .header("Authorization", hub.adminAuthorization()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + SOURCE + "\",\"name\":\"影像中心 " + SOURCE
                            + "\",\"level\":\"三级甲等\",\"district\":\"西湖区\"}")));
            assertThat(response.status()).isEqualTo(201);
            assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/admin/sources"))
                    .header("Authorization", hub.adminAuthorization()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + STORE_ONLY_SOURCE + "\",\"name\":\"只存不查医院\","
                            + "\"level\":\"二级甲等\",\"district\":\"西湖区\"}"))).status()).isEqualTo(201);
            return response.json().path("token").asText();
        });
    }

    @Test
    void storesSearchesAndRetrievesAStudyOverDicomWeb() throws IOException {
        String study = Uids.generate();
        String seriesA = Uids.generate();
        String patientId = "P" + System.nanoTime();
        byte[] first = DicomTools.ct(directory, patientId, "Wang^Xiuying=王^秀英", study, seriesA, Uids.generate(), "20240315", 1, 1, "CHEST");
        byte[] second = DicomTools.ct(directory, patientId, "Wang^Xiuying=王^秀英", study, seriesA, Uids.generate(), "20240315", 1, 2, "CHEST");
        byte[] third = DicomTools.jpegInStudyOf(directory, first, Uids.generate());

        HubClient.Response stored = stow("/dicomweb/studies", List.of(first, second, third));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.header("Content-Type")).startsWith("application/dicom+json");
        assertThat(stored.json().path("00081199").path("Value")).hasSize(3);
        assertThat(stored.json().has("00081198")).isFalse();

        // QIDO-RS by PatientID, by date range, by modality, by Chinese name with a wildcard; nothing for another date.
        JsonNode byPatient = get("/dicomweb/studies?PatientID=" + patientId).json();
        assertThat(byPatient).hasSize(1);
        assertThat(byPatient.get(0).path("0020000D").path("Value").get(0).asText()).isEqualTo(study);
        assertThat(byPatient.get(0).path("00201206").path("Value").get(0).asInt()).isEqualTo(2);
        assertThat(byPatient.get(0).path("00201208").path("Value").get(0).asInt()).isEqualTo(3);
        assertThat(byPatient.get(0).path("00100010").path("Value").get(0).path("Ideographic").asText()).isEqualTo("王^秀英");
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&StudyDate=20240101-20241231").json()).hasSize(1);
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&StudyDate=20230101-20231231").json()).isEmpty();
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&ModalitiesInStudy=US").json()).hasSize(1);
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&ModalitiesInStudy=MR").json()).isEmpty();
        assertThat(get("/dicomweb/studies?PatientName=" + java.net.URLEncoder.encode("王*", java.nio.charset.StandardCharsets.UTF_8)
                + "&StudyInstanceUID=" + study).json()).hasSize(1);
        assertThat(get("/dicomweb/studies?StudyDate=2024").status()).isEqualTo(400);
        // StudyTime 093000: ranges, a minute that holds it, a bad time.
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&StudyTime=0900-1000").json()).hasSize(1);
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&StudyTime=0930").json()).hasSize(1);
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&StudyTime=09:31-").json()).isEmpty();
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&StudyTime=-0929").json()).isEmpty();
        assertThat(get("/dicomweb/studies?StudyTime=2500").status()).isEqualTo(400);
        JsonNode series = get("/dicomweb/studies/" + study + "/series").json();
        assertThat(series).hasSize(2);
        JsonNode instances = get("/dicomweb/studies/" + study + "/series/" + seriesA + "/instances").json();
        assertThat(instances).hasSize(2);
        assertThat(get("/dicomweb/instances?PatientID=" + patientId + "&limit=2").json()).hasSize(2);
        // includefield: attributes the index does not hold come from the stored headers, by keyword, tag or all.
        assertThat(instances.get(0).has("00280010")).isFalse();
        JsonNode withRows = get("/dicomweb/studies/" + study + "/series/" + seriesA + "/instances?includefield=Rows").json();
        assertThat(withRows).allSatisfy(node -> assertThat(node.path("00280010").path("Value").get(0).asInt()).isEqualTo(2));
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&includefield=00280004").json().get(0).path("00280004").path("Value")
                .get(0).asText()).isEqualTo("MONOCHROME2");
        assertThat(get("/dicomweb/studies/" + study + "/series/" + seriesA + "/instances?includefield=all").json().get(0)
                .path("00280100").path("Value").get(0).asInt()).isEqualTo(16);
        assertThat(get("/dicomweb/studies?PatientID=" + patientId + "&includefield=NoSuchAttribute").status()).isEqualTo(400);

        // WADO-RS: the Part 10 bytes as sent; metadata; a PNG preview of the JPEG and of the CT.
        String firstUid = uidOf(first);
        HubClient.Response instance = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/dicomweb/studies/" + study + "/series/" + seriesA
                + "/instances/" + firstUid)).header("Authorization", hub.adminAuthorization()));
        assertThat(instance.status()).isEqualTo(200);
        assertThat(DicomTools.parts(instance.raw().body(), instance.header("Content-Type"))).singleElement().isEqualTo(first);
        // Served as stored, labelled with its transfer syntax; asked for another one, the hub says it does not transcode.
        String syntax = jdbc.queryForObject("select transfer_syntax_uid from dicom_instance where sop_instance_uid = ?", String.class, firstUid);
        assertThat(new String(instance.raw().body(), StandardCharsets.ISO_8859_1)).contains("Content-Type: application/dicom; transfer-syntax=" + syntax);
        String instanceUrl = hub.base() + "/dicomweb/studies/" + study + "/series/" + seriesA + "/instances/" + firstUid;
        HubClient.Response asStored = hub.send(HttpRequest.newBuilder(URI.create(instanceUrl)).header("Authorization", hub.adminAuthorization())
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=" + syntax));
        assertThat(DicomTools.parts(asStored.raw().body(), asStored.header("Content-Type"))).singleElement().isEqualTo(first);
        HubClient.Response transcoded = hub.send(HttpRequest.newBuilder(URI.create(instanceUrl)).header("Authorization", hub.adminAuthorization())
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.90"));
        assertThat(transcoded.status()).isEqualTo(406);
        assertThat(transcoded.body()).contains(syntax, "does not transcode");
        HubClient.Response whole = get("/dicomweb/studies/" + study);
        assertThat(DicomTools.parts(whole.raw().body(), whole.header("Content-Type"))).hasSize(3);
        JsonNode metadata = get("/dicomweb/studies/" + study + "/metadata").json();
        assertThat(metadata).hasSize(3);
        assertThat(metadata.get(0).path("00100010").path("Value").get(0).path("Ideographic").asText()).isEqualTo("王^秀英");
        String jpegSeries = seriesOf(series, seriesA);
        String jpegUid = uidOf(third);
        HubClient.Response png = get("/dicomweb/studies/" + study + "/series/" + jpegSeries + "/instances/" + jpegUid + "/rendered");
        assertThat(png.status()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.raw().body()));
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(get("/dicomweb/studies/" + study + "/series/" + seriesA + "/instances/" + firstUid + "/frames/1/rendered").status()).isEqualTo(200);
        assertThat(get("/dicomweb/studies/" + study + "/series/" + seriesA + "/instances/" + firstUid + "/frames/2/rendered").status()).isEqualTo(406);

        // The ImagingStudy: 2 series, 3 instances, the SNOMED body site, the Patient as subject.
        JsonNode imagingStudy = imagingStudy(study);
        assertThat(imagingStudy.path("numberOfSeries").asInt()).isEqualTo(2);
        assertThat(imagingStudy.path("numberOfInstances").asInt()).isEqualTo(3);
        assertThat(imagingStudy.path("series").get(0).path("bodySite").path("code").asText()).isEqualTo("51185008");
        assertThat(imagingStudy.path("subject").path("reference").asText()).startsWith("Patient/");

        // The same instances again: stored once, answered as stored.
        HubClient.Response again = stow("/dicomweb/studies/" + study, List.of(first, second, third));
        assertThat(again.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from dicom_instance where study_instance_uid = ?", Integer.class, study)).isEqualTo(3);
        assertThat(imagingStudy(study).path("numberOfInstances").asInt()).isEqualTo(3);
    }

    @Test
    void refusesBrokenFilesAndWrongRequests() throws IOException {
        String study = Uids.generate();
        byte[] good = DicomTools.ct(directory, "P" + System.nanoTime(), "Li^Lei=李^雷", study, Uids.generate(), Uids.generate(), "20250102", 1, 1, "HEAD");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

        HubClient.Response partly = stow("/dicomweb/studies", List.of(good, truncated));
        assertThat(partly.status()).isEqualTo(202);
        assertThat(partly.json().path("00081198").path("Value")).hasSize(1);
        assertThat(partly.json().path("00081198").path("Value").get(0).path("00081197").path("Value").get(0).asInt()).isEqualTo(0xC000);
        assertThat(vault.list(new VaultQuery(SOURCE, SubmissionStatus.REJECTED, null, null, 100, 0)))
                .anyMatch(submission -> submission.sizeBytes() == truncated.length);

        assertThat(stow("/dicomweb/studies", List.of(truncated)).status()).isEqualTo(409);
        // An instance of another study than the one in the path is not stored.
        assertThat(stow("/dicomweb/studies/" + Uids.generate(), List.of(good)).status()).isEqualTo(409);
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/dicomweb/studies")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/dicom").POST(HttpRequest.BodyPublishers.ofByteArray(good))).status()).isEqualTo(415);
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/dicomweb/studies")).header("Authorization", "Bearer " + token)
                .header("Content-Type", STOW + "b1").POST(HttpRequest.BodyPublishers.ofString("--b1\r\nContent-Type: application/dicom\r\n\r\nxx")))
                .status()).isEqualTo(400);
        // Without a source token nobody stores; without a sign-in nobody reads.
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/dicomweb/studies")).header("Authorization", hub.adminAuthorization())
                .header("Content-Type", STOW + "b1").POST(HttpRequest.BodyPublishers.ofByteArray(StowSender.multipart("b1", List.of(good)))))
                .status()).isEqualTo(403);
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/dicomweb/studies"))).status()).isEqualTo(401);
    }

    @Test
    void takesInstancesOverDimseFromKnownPacsOnly() throws Exception {
        String study = Uids.generate();
        String patientId = "P" + System.nanoTime();
        byte[] file = DicomTools.ct(directory, patientId, "Zhang^San=张^三", study, Uids.generate(), Uids.generate(), "20250301", 1, 1, "ABDOMEN");
        Path path = directory.resolve("dimse.dcm");
        Files.write(path, file);
        String port = Integer.toString(listener.port());

        assertThat(DicomTools.run(List.of("echoscu", "-aet", CALLING_AE, "-aec", "CITYHEALTH", "127.0.0.1", port)).exit()).isZero();
        DicomTools.Run sent = DicomTools.run(List.of("storescu", "-aet", CALLING_AE, "-aec", "CITYHEALTH", "127.0.0.1", port, path.toString()));
        assertThat(sent.exit()).as(sent.output()).isZero();
        JsonNode found = awaitStudies("/dicomweb/studies?PatientID=" + patientId, 1);
        assertThat(found.get(0).path("0020000D").path("Value").get(0).asText()).isEqualTo(study);
        awaitImagingStudy(study);

        assertThat(DicomTools.run(List.of("storescu", "-aet", CALLING_AE, "-aec", "WRONG", "127.0.0.1", port, path.toString())).exit()).isNotZero();
        assertThat(DicomTools.run(List.of("storescu", "-aet", "STRANGER", "-aec", "CITYHEALTH", "127.0.0.1", port, path.toString())).exit()).isNotZero();
        assertThat(DicomTools.run(List.of("echoscu", "-aet", "STRANGER", "-aec", "CITYHEALTH", "127.0.0.1", port)).exit()).isNotZero();
    }

    @Test
    void movesOldImagingToColdAndStillServesItByteForByte() throws IOException {
        String study = Uids.generate();
        String series = Uids.generate();
        String sop = Uids.generate();
        String fourYearsAgo = LocalDate.now().minusYears(4).format(DateTimeFormatter.BASIC_ISO_DATE);
        byte[] old = DicomTools.ct(directory, "P" + System.nanoTime(), "Zhao^Liu=赵^六", study, series, sop, fourYearsAgo, 1, 1, "KNEE");
        assertThat(stow("/dicomweb/studies", List.of(old)).status()).isEqualTo(200);

        lifecycle.applyNow();

        assertThat(jdbc.queryForObject("select tier from dicom_instance where sop_instance_uid = ?", String.class, sop)).isEqualTo("C");
        assertThat(jdbc.queryForObject("select count(*) from storage_move where kind = 'IMAGING_COLD' and detail = ?", Integer.class,
                "study " + study)).isEqualTo(1);
        HubClient.Response back = get("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop);
        assertThat(DicomTools.parts(back.raw().body(), back.header("Content-Type"))).singleElement().isEqualTo(old);
    }

    @Test
    void aPurgedPersonsImagesGoWithTheirRecords() throws IOException, InterruptedException {
        String study = Uids.generate();
        String series = Uids.generate();
        String sop = Uids.generate();
        byte[] ct = DicomTools.ct(directory, "P" + System.nanoTime(), "Qian^Qi=钱^七", study, series, sop, "20050102", 1, 1, "HEAD");
        assertThat(stow("/dicomweb/studies", List.of(ct)).status()).isEqualTo(200);
        Instance stored = index.instance(sop).orElseThrow();
        long person = jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, stored.patientResId());

        HubClient.Response purged = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/admin/storage/persons/" + person
                + "?reason=retention%20expired")).DELETE().header("Authorization", hub.adminAuthorization()));

        assertThat(purged.status()).as(purged.body()).isEqualTo(200);
        assertThat(index.instance(sop)).isEmpty();
        assertThat(get("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop).status()).isEqualTo(404);
        assertThatThrownBy(() -> objects.read(stored)).as("the object is deleted too").isInstanceOf(Exception.class);
        assertThat(jdbc.queryForObject("select records from storage_move where kind = 'IMAGE_PURGE' and person_key = ?", Integer.class, person))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from dicom_submission where sop_instance_uid = ?", Integer.class, sop))
                .as("kept, so that start-up recovery does not index the vault's copy again").isEqualTo(1);
    }

    @Test
    void answersFindscuAtEachLevelAsQidoDoes() throws IOException {
        String study = Uids.generate();
        String series = Uids.generate();
        String sop = Uids.generate();
        String patientId = "P" + System.nanoTime();
        assertThat(stow("/dicomweb/studies", List.of(DicomTools.ct(directory, patientId, "Wu^Shi=吴^十", study, series, sop, "20250402", 1, 1,
                "CHEST"))).status()).isEqualTo(200);

        Dataset studyAnswer = find("STUDY", "-S", "-k", "PatientID=" + patientId, "-k", "StudyInstanceUID", "-k", "PatientName",
                "-k", "StudyDate", "-k", "ModalitiesInStudy", "-k", "NumberOfStudyRelatedInstances", "-k", "PatientAge").getFirst();
        assertThat(studyAnswer.getString(Tag.StudyInstanceUID, "")).isEqualTo(study);
        assertThat(studyAnswer.getPersonName(Tag.PatientName).orElseThrow().toString()).isEqualTo("Wu^Shi=吴^十");
        assertThat(studyAnswer.getString(Tag.StudyDate, "")).isEqualTo("20250402");
        assertThat(studyAnswer.getString(Tag.ModalitiesInStudy, "")).isEqualTo("CT");
        assertThat(studyAnswer.getString(Tag.NumberOfStudyRelatedInstances, "")).isEqualTo("1");
        assertThat(studyAnswer.contains(Tag.PatientAge)).as("asked for: present, empty when the file has none").isTrue();
        assertThat(find("STUDY", "-S", "-k", "PatientID=" + patientId, "-k", "StudyDate=20250403-", "-k", "StudyInstanceUID"))
                .as("a date range that leaves the study out").isEmpty();
        assertThat(find("STUDY", "-S", "-k", "PatientID=" + patientId, "-k", "StudyTime=0929-0931", "-k", "StudyInstanceUID"))
                .as("a time range that holds the study's 093000").hasSize(1);
        assertThat(find("STUDY", "-S", "-k", "PatientID=" + patientId, "-k", "StudyTime=1000-", "-k", "StudyInstanceUID"))
                .as("a time range that leaves the study out").isEmpty();
        String otherPatient = "P" + System.nanoTime();
        String otherStudy = Uids.generate();
        assertThat(stow("/dicomweb/studies", List.of(DicomTools.ct(directory, otherPatient, "Zheng^Yi=郑^一", otherStudy, Uids.generate(),
                Uids.generate(), "20250402", 1, 1, "CHEST")), hub.newSource("IMGB")[1]).status()).isEqualTo(200);
        assertThat(find("STUDY", "-S", "-k", "PatientID=" + otherPatient, "-k", "StudyInstanceUID")).as("another hospital's study").isEmpty();
        assertThat(find("SERIES", "-S", "-k", "StudyInstanceUID=" + otherStudy, "-k", "SeriesInstanceUID")).isEmpty();

        assertThat(find("SERIES", "-S", "-k", "StudyInstanceUID=" + study, "-k", "SeriesInstanceUID", "-k", "Modality"))
                .singleElement().satisfies(answer -> {
                    assertThat(answer.getString(Tag.SeriesInstanceUID, "")).isEqualTo(series);
                    assertThat(answer.getString(Tag.Modality, "")).isEqualTo("CT");
                });
        assertThat(find("IMAGE", "-S", "-k", "StudyInstanceUID=" + study, "-k", "SeriesInstanceUID=" + series, "-k", "SOPInstanceUID"))
                .singleElement().satisfies(answer -> assertThat(answer.getString(Tag.SOPInstanceUID, "")).isEqualTo(sop));
        assertThat(find("PATIENT", "-P", "-k", "PatientID=" + patientId, "-k", "PatientName", "-k", "NumberOfPatientRelatedStudies"))
                .singleElement().satisfies(answer -> assertThat(answer.getString(DicomFind.NUMBER_OF_PATIENT_RELATED_STUDIES, "")).isEqualTo("1"));
        // A row only moves from the outbox to the log, so counting the outbox first can count one twice but never miss one.
        assertThat(jdbc.queryForObject("select (select count(*) from ledger_outbox where action = 'dimse.find' and actor = ?)"
                + " + (select count(*) from ledger_entry where action = 'dimse.find' and actor = ?)", Integer.class, SOURCE, SOURCE))
                .as("each search is recorded as the source's").isGreaterThanOrEqualTo(5);

        DicomTools.Run storeOnly = DicomTools.run(List.of("findscu", "-S", "-d", "-aet", STORE_ONLY_AE, "-aec", "CITYHEALTH", "127.0.0.1",
                Integer.toString(listener.port()), "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=" + patientId, "-k", "StudyInstanceUID"));
        assertThat(storeOnly.output()).as("a source without query networks").contains("0xc001").contains("not from a query network")
                .doesNotContain(study);
        assertThat(jdbc.queryForObject("select (select count(*) from ledger_outbox where action = 'dimse.find' and actor = ? and decision = 'deny')"
                + " + (select count(*) from ledger_entry where action = 'dimse.find' and actor = ? and decision = 'deny')", Integer.class,
                STORE_ONLY_SOURCE, STORE_ONLY_SOURCE)).as("the refusal is recorded").isPositive();

        DicomTools.Run noStudy = DicomTools.run(List.of("findscu", "-S", "-d", "-aet", CALLING_AE, "-aec", "CITYHEALTH", "127.0.0.1",
                Integer.toString(listener.port()), "-k", "QueryRetrieveLevel=SERIES", "-k", "SeriesInstanceUID"));
        assertThat(noStudy.output()).contains("0xa900").contains("SERIES level needs one StudyInstanceUID");
        assertThat(DicomTools.run(List.of("findscu", "-S", "-aet", "STRANGER", "-aec", "CITYHEALTH", "127.0.0.1",
                Integer.toString(listener.port()), "-k", "QueryRetrieveLevel=STUDY")).exit()).as("an unknown AE is not associated").isNotZero();
    }

    @Test
    void movesAStudyBackToTheSourcesOwnAeByteForByte() throws IOException {
        String study = Uids.generate();
        String series = Uids.generate();
        List<byte[]> files = List.of(
                DicomTools.ct(directory, "P" + System.nanoTime(), "Feng^Er=冯^二", study, series, Uids.generate(), "20250403", 1, 1, "HEAD"),
                DicomTools.ct(directory, "P" + System.nanoTime(), "Feng^Er=冯^二", study, series, Uids.generate(), "20250403", 1, 2, "HEAD"));
        assertThat(stow("/dicomweb/studies", files).status()).isEqualTo(200);
        Path received = Files.createTempDirectory(directory, "moved");

        // movescu writes what it receives into its working directory.
        DicomTools.Run moved = DicomTools.run(List.of("movescu", "-S", "-v", "+B", "+P", Integer.toString(MOVE_PORT), "-aet", CALLING_AE,
                "-aem", CALLING_AE, "-aec", "CITYHEALTH", "127.0.0.1", Integer.toString(listener.port()),
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study), received);

        assertThat(moved.exit()).as(moved.output()).isZero();
        try (var stored = Files.list(received)) {
            assertThat(stored.map(file -> org.cityhealth.dicom.DicomFile.datasetBytes(read(file))).toList())
                    .as("the data sets as the hub received them").usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyInAnyOrderElementsOf(files.stream().map(org.cityhealth.dicom.DicomFile::datasetBytes).toList());
        }
        assertThat(jdbc.queryForObject("select (select count(*) from ledger_outbox where action = 'dimse.move' and actor = ?)"
                + " + (select count(*) from ledger_entry where action = 'dimse.move' and actor = ?)", Integer.class, SOURCE, SOURCE))
                .as("the move is recorded as the source's").isPositive();

        String otherStudy = Uids.generate();
        assertThat(stow("/dicomweb/studies", List.of(DicomTools.ct(directory, "P" + System.nanoTime(), "Chu^San=褚^三", otherStudy,
                Uids.generate(), Uids.generate(), "20250403", 1, 1, "HEAD")), hub.newSource("IMGC")[1]).status()).isEqualTo(200);
        Path nothing = Files.createTempDirectory(directory, "not-moved");
        DicomTools.Run other = DicomTools.run(List.of("movescu", "-S", "-v", "+P", Integer.toString(MOVE_PORT), "-aet", CALLING_AE,
                "-aem", CALLING_AE, "-aec", "CITYHEALTH", "127.0.0.1", Integer.toString(listener.port()),
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + otherStudy), nothing);
        assertThat(other.exit()).as(other.output()).isZero();
        try (var stored = Files.list(nothing)) {
            assertThat(stored).as("another hospital's study is not this source's to move").isEmpty();
        }

        DicomTools.Run elsewhere = DicomTools.run(List.of("movescu", "-S", "-d", "-aet", CALLING_AE, "-aem", "STRANGER", "-aec",
                "CITYHEALTH", "127.0.0.1", Integer.toString(listener.port()), "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study));
        assertThat(elsewhere.output()).as("an AE of no source, or of another").contains("0xa801");
        DicomTools.Run noKey = DicomTools.run(List.of("movescu", "-S", "-d", "-aet", CALLING_AE, "-aem", CALLING_AE, "-aec",
                "CITYHEALTH", "127.0.0.1", Integer.toString(listener.port()), "-k", "QueryRetrieveLevel=SERIES", "-k", "StudyInstanceUID=" + study));
        assertThat(noKey.output()).contains("0xa900").contains("SERIES level needs SeriesInstanceUID");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The answers findscu receives (as files it writes) for a query at {@code level}. */
    private List<Dataset> find(String level, String model, String... keys) throws IOException {
        Path answers = Files.createTempDirectory(directory, "find");
        List<String> command = new java.util.ArrayList<>(List.of("findscu", model, "-X", "-od", answers.toString(), "-aet", CALLING_AE,
                "-aec", "CITYHEALTH", "127.0.0.1", Integer.toString(listener.port()), "-k", "QueryRetrieveLevel=" + level));
        command.addAll(List.of(keys));
        DicomTools.Run run = DicomTools.run(command);
        assertThat(run.exit()).as(run.output()).isZero();
        try (var files = Files.list(answers)) {
            return files.sorted().map(file -> org.cityhealth.dicom.DicomFile.read(file).dataset()).toList();
        }
    }

    @Test
    void anInstanceFollowsItsPatientWhenThePersonIndexMovesIt() throws IOException {
        String sop = Uids.generate();
        String otherSop = Uids.generate();
        assertThat(stow("/dicomweb/studies", List.of(DicomTools.ct(directory, "P" + System.nanoTime(), "Sun^Ba=孙^八", Uids.generate(),
                Uids.generate(), sop, "20240102", 1, 1, "CHEST"))).status()).isEqualTo(200);
        assertThat(stow("/dicomweb/studies", List.of(DicomTools.ct(directory, "P" + System.nanoTime(), "Zhou^Jiu=周^九", Uids.generate(),
                Uids.generate(), otherSop, "20240103", 1, 1, "CHEST"))).status()).isEqualTo(200);
        Instance moved = index.instance(sop).orElseThrow();
        long before = personOf(moved);
        long after = personOf(index.instance(otherSop).orElseThrow());

        moves.move(moved.patientResId(), after, MpiEvents.Action.MOVE, LinkRule.DECIDED, "test: one person", null,
                PersonMoves.Decider.operator("tester"));

        assertThat(moved.personKey()).as("the row keeps the person of its indexing").isEqualTo(before);
        assertThat(index.ofPerson(after)).extracting(Instance::personKey).as("rows keep the person of their indexing").contains(before);
        assertThat(index.ofPerson(before)).as("a purge of the old person must not take them").isEmpty();
        assertThat(index.ofPerson(after)).extracting(Instance::sopInstanceUid).containsExactlyInAnyOrder(sop, otherSop);
    }

    private long personOf(Instance instance) {
        return jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, instance.patientResId());
    }

    @Test
    void receivesAStudyFromOrthancOverDicomWebAndDimse() throws Exception {
        Path orthanc = Path.of("/usr/sbin/Orthanc");
        Path plugin = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
        if (!Files.isExecutable(orthanc) || !Files.exists(plugin)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true needs Orthanc with its DICOMweb plugin");
            }
            org.junit.jupiter.api.Assumptions.abort("Orthanc is not installed");
        }
        int httpPort = freePort();
        String config = """
                {"Name": "test-pacs", "HttpPort": %d, "DicomPort": %d, "DicomAet": "%s",
                 "StorageDirectory": "%s", "IndexDirectory": "%s", "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
                 "Plugins": ["%s"],
                 "DicomWeb": {"Enable": true, "Servers": {"hub": {"Url": "http://127.0.0.1:%d/dicomweb/",
                   "HttpHeaders": {"Authorization": "Bearer %s"}}}},
                 "DicomModalities": {"hub": ["CITYHEALTH", "127.0.0.1", %d]}}
                """.formatted(httpPort, freePort(), ORTHANC_AE, directory.resolve("orthanc-storage"), directory.resolve("orthanc-index"),
                plugin, port, token, listener.port());
        Path configFile = directory.resolve("orthanc.json");
        Files.writeString(configFile, config);
        Process process = new ProcessBuilder(orthanc.toString(), configFile.toString()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("orthanc.log").toFile()).start();
        try {
            HubClient pacs = new HubClient(httpPort, "");
            String system = "http://127.0.0.1:" + httpPort;
            long deadline = System.currentTimeMillis() + 30_000;
            while (!reachable(pacs, system + "/system")) {
                assertThat(System.currentTimeMillis()).as("Orthanc started (see orthanc.log)").isLessThan(deadline);
                Thread.sleep(200);
            }
            String study = Uids.generate();
            String patientId = "P" + System.nanoTime();
            byte[] file = DicomTools.ct(directory, patientId, "Sun^Qi=孙^七", study, Uids.generate(), Uids.generate(), "20250401", 1, 1, "CHEST");
            HubClient.Response uploaded = pacs.send(HttpRequest.newBuilder(URI.create(system + "/instances"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
            String orthancStudy = uploaded.json().path("ParentStudy").asText();

            HubClient.Response stow = pacs.send(HttpRequest.newBuilder(URI.create(system + "/dicom-web/servers/hub/stow"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Resources\":[\"" + orthancStudy + "\"]}")));
            assertThat(stow.status()).as(() -> stow.body() + orthancLog()).isEqualTo(200);
            awaitStudies("/dicomweb/studies?PatientID=" + patientId, 1);
            awaitImagingStudy(study);

            HubClient.Response dimse = pacs.send(HttpRequest.newBuilder(URI.create(system + "/modalities/hub/store"))
                    .POST(HttpRequest.BodyPublishers.ofString(orthancStudy)));
            assertThat(dimse.status()).as(dimse.body()).isEqualTo(200);
            assertThat(jdbc.queryForObject("select count(*) from dicom_instance where study_instance_uid = ?", Integer.class, study)).isEqualTo(1);
            assertThat(awaitStudies("/dicomweb/studies?PatientID=" + patientId, 1).get(0).path("00201208").path("Value").get(0).asInt())
                    .isEqualTo(1);
        } finally {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private String orthancLog() {
        try {
            String log = Files.readString(directory.resolve("orthanc.log"));
            return log.substring(Math.max(0, log.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean reachable(HubClient client, String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url))).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    private HubClient.Response stow(String path, List<byte[]> files) {
        return stow(path, files, token);
    }

    private HubClient.Response stow(String path, List<byte[]> files, String sourceToken) {
        String boundary = "stow-" + UUID.randomUUID();
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", "Bearer " + sourceToken)
                .header("Content-Type", STOW + boundary).header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(StowSender.multipart(boundary, files))));
    }

    private HubClient.Response get(String path) {
        return hub.get(path);
    }

    private JsonNode awaitStudies(String path, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode found = get(path).json();
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            found = get(path).json();
        }
        assertThat(found).hasSize(count);
        return found;
    }

    private JsonNode imagingStudy(String studyUid) throws IOException {
        List<String> ids = store.idsByToken("ImagingStudy", "identifier", "urn:dicom:uid", "urn:oid:" + studyUid, null);
        assertThat(ids).hasSize(1);
        StoredResource resource = store.readCurrent(ids).getFirst();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(resource.body());
    }

    void awaitImagingStudy(String studyUid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (store.idsByToken("ImagingStudy", "identifier", "urn:dicom:uid", "urn:oid:" + studyUid, null).isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.idsByToken("ImagingStudy", "identifier", "urn:dicom:uid", "urn:oid:" + studyUid, null)).hasSize(1);
    }

    private static String uidOf(byte[] file) {
        return org.cityhealth.dicom.DicomFile.read(file).sopInstanceUid();
    }

    private static String seriesOf(JsonNode series, String other) {
        for (JsonNode item : series) {
            String uid = item.path("0020000E").path("Value").get(0).asText();
            if (!uid.equals(other)) {
                return uid;
            }
        }
        throw new AssertionError("no other series");
    }
}
