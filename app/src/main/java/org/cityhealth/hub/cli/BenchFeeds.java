package org.cityhealth.hub.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.TransferSyntax;
import org.cityhealth.dicom.Uids;
import org.cityhealth.dicom.VR;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.feeds.hl7.MllpSender;
import org.cityhealth.hub.feeds.vitals.VitalsPublisher;
import org.cityhealth.hub.imaging.StowSender;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The feeds beyond FHIR end to end, each against the running hub over its real protocol: HL7 v2 ORU messages over
 * MLLP, DICOM instances over STOW-RS and C-STORE, vital signs over MQTT through a private Mosquitto (persistent,
 * QoS 1). The baseline of the same run is the FHIR path: the same ORU content posted as FHIR transaction Bundles.
 */
@Command(name = "feeds", mixinStandardHelpOptions = true,
        description = "HL7 v2 messages/s over MLLP, DICOM instances/s and MB/s over STOW-RS and C-STORE, MQTT vital-sign readings/s.")
class BenchFeeds implements Callable<Integer> {

    private static final String SOURCE = "BENCH-FEEDS";
    private static final String CALLING_AE = "BENCHPACS";

    @Option(names = "--hl7", defaultValue = "4000", description = "ORU^R01 messages over MLLP (default: ${DEFAULT-VALUE})")
    int hl7Messages;

    @Option(names = "--connections", defaultValue = "4", description = "concurrent MLLP connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--instances", defaultValue = "400", description = "DICOM instances per protocol (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--image-size", defaultValue = "512", description = "rows and columns of the 16-bit CT images (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--readings", defaultValue = "100000", description = "vital-sign readings over MQTT (default: ${DEFAULT-VALUE})")
    int readings;

    @Option(names = "--persons", defaultValue = "200", description = "persons the readings are about (default: ${DEFAULT-VALUE})")
    int persons;

    @Option(names = "--db", description = "PostgreSQL instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/test")
    String postgres;

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("cityhealth-bench-feeds-");
        try (Mosquitto broker = Mosquitto.start(data.resolve("mosquitto"))) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("cityhealth.feeds.hl7.mllp-port", 0);
            settings.put("cityhealth.imaging.dicom-port", 0);
            settings.put("cityhealth.imaging.calling-ae[" + CALLING_AE + "]", SOURCE);
            settings.put("cityhealth.feeds.vitals.broker", broker.url());
            try (BenchHub hub = BenchHub.start(postgres, settings, data.resolve("hub"))) {
                String token = hub.bean(SourceRegistry.class).register(new NewSource(SOURCE, "接入压测医院", "三级甲等", "上城区", "HOSPITAL")).token();
                System.out.printf("feeds bench on %s, 2 cores shared; each figure is one run (quote medians over runs)%n",
                        postgres == null ? "H2" : "PostgreSQL");
                hl7(hub);
                dicom(hub, token);
                vitals(hub, broker);
            }
        }
        return 0;
    }

    private void hl7(BenchHub hub) throws Exception {
        int port = listenerPort(hub, "feeds.kind.hl7");
        List<byte[]> messages = new ArrayList<>(hl7Messages);
        for (int i = 0; i < hl7Messages; i++) {
            messages.add(MllpSender.sampleResult(SOURCE, i, Math.max(1, hl7Messages / 4)));
        }
        MllpSender.Result warmup = MllpSender.run("127.0.0.1", port, messages.subList(0, Math.min(200, messages.size())), connections);
        MllpSender.Result result = MllpSender.run("127.0.0.1", port, messages, connections);
        System.out.printf("HL7 v2 ORU^R01 over MLLP  %,d messages (%d AA), %d connections: %,.0f messages/s, p50 %.1f ms, p99 %.1f ms"
                        + " (warm-up %,d)%n", result.messages(), result.accepted(), connections, result.messagesPerSecond(),
                result.p50Millis(), result.p99Millis(), warmup.messages());
    }

    private void dicom(BenchHub hub, String token) throws Exception {
        StowSender sender = new StowSender();
        List<byte[]> stow = ctSeries("stow", instances);
        List<byte[]> cstore = ctSeries("cstore", instances);
        StowSender.Result overHttp = sender.stow(hub.url, token, stow, 10);
        print("DICOM over STOW-RS (10 a request)", overHttp);
        StowSender.Result overDimse = sender.cStore("127.0.0.1", listenerPort(hub, "feeds.kind.dicom"), CALLING_AE, "CITYHEALTH", cstore);
        print("DICOM over C-STORE (one association)", overDimse);
    }

    private static int listenerPort(BenchHub hub, String kind) {
        return hub.beans(FeedListener.class).stream().filter(listener -> listener.kind().equals(kind)).mapToInt(FeedListener::port)
                .filter(port -> port > 0).findFirst().orElseThrow(() -> new IllegalStateException(kind + " is not listening"));
    }

    private static void print(String what, StowSender.Result result) {
        System.out.printf("%-38s %,d instances (%d failed), %.1f MB: %,.1f instances/s, %.1f MB/s, request p50 %.1f ms, p99 %.1f ms%n",
                what, result.instances(), result.failed(), result.bytes() / 1e6, result.instancesPerSecond(), result.megabytesPerSecond(),
                result.p50Millis(), result.p99Millis());
    }

    private void vitals(BenchHub hub, Mosquitto broker) throws Exception {
        JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
        String count = "select count(*) from resource where res_type = 'Observation' and current_version";
        long before = jdbc.queryForObject(count, Long.class);
        long start = System.nanoTime();
        try (VitalsPublisher publisher = new VitalsPublisher(broker.url(), SOURCE)) {
            publisher.publish(readings, persons, 1, OffsetDateTime.parse("2026-11-24T08:00:00+08:00"));
            publisher.flush();
            double published = readings / ((System.nanoTime() - start) / 1e9);
            double stored = VitalsPublisher.awaitStored(() -> jdbc.queryForObject(count, Long.class), before + readings, readings, start,
                    Duration.ofMinutes(30));
            System.out.printf("vital signs over MQTT (QoS 1)        %,d readings of %,d persons: published %,.0f/s, stored %,.0f readings/s%n",
                    readings, persons, published, stored);
        }
    }

    /** A series of 16-bit CT images with a gradient, as a modality would send them (explicit VR little endian). */
    private List<byte[]> ctSeries(String name, int count) {
        String study = Uids.fromName("bench-study-" + name + "-" + System.nanoTime());
        String series = Uids.fromName("bench-series-" + study);
        byte[] pixels = new byte[imageSize * imageSize * 2];
        for (int i = 0; i < imageSize * imageSize; i++) {
            int value = (i % imageSize + i / imageSize) % 4096;
            pixels[2 * i] = (byte) value;
            pixels[2 * i + 1] = (byte) (value >> 8);
        }
        List<byte[]> files = new ArrayList<>(count);
        String syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        for (int i = 0; i < count; i++) {
            String instance = Uids.fromName(series + "-" + i);
            Dataset dataset = new Dataset()
                    .setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                    .setString(Tag.SOPClassUID, VR.UI, Uids.CT_IMAGE_STORAGE)
                    .setString(Tag.SOPInstanceUID, VR.UI, instance)
                    .setString(Tag.StudyDate, VR.DA, "20261124")
                    .setString(Tag.Modality, VR.CS, "CT")
                    .setString(Tag.PatientName, VR.PN, "Bench^Ceshi=压测^" + (i % 10))
                    .setString(Tag.PatientID, VR.LO, "BENCH-" + (i % 10))
                    .setString(Tag.BodyPartExamined, VR.CS, "CHEST")
                    .setString(Tag.StudyInstanceUID, VR.UI, study)
                    .setString(Tag.SeriesInstanceUID, VR.UI, series)
                    .setString(Tag.SeriesNumber, VR.IS, "1")
                    .setString(Tag.InstanceNumber, VR.IS, Integer.toString(i + 1))
                    .setInt(Tag.SamplesPerPixel, VR.US, 1)
                    .setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                    .setInt(Tag.Rows, VR.US, imageSize)
                    .setInt(Tag.Columns, VR.US, imageSize)
                    .setInt(Tag.BitsAllocated, VR.US, 16)
                    .setInt(Tag.BitsStored, VR.US, 12)
                    .setInt(Tag.HighBit, VR.US, 11)
                    .setInt(Tag.PixelRepresentation, VR.US, 0)
                    .setBytes(Tag.PixelData, VR.OW, pixels);
            files.add(DicomFile.part10(Uids.CT_IMAGE_STORAGE, instance, syntax, DicomFile.encodeDataset(dataset, syntax), "BENCH"));
        }
        return files;
    }

    /** A private Mosquitto with persistence and no in-flight cap, so the broker is not what is measured. */
    private record Mosquitto(Process process, int port) implements AutoCloseable {

        static Mosquitto start(Path directory) throws IOException, InterruptedException {
            Files.createDirectories(directory);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Files.writeString(directory.resolve("mosquitto.conf"), """
                    persistence true
                    persistence_location %s/
                    listener %d 127.0.0.1
                    allow_anonymous true
                    max_inflight_messages 0
                    max_queued_messages 0
                    user %s
                    """.formatted(directory, port, System.getProperty("user.name")));
            Process process = new ProcessBuilder("mosquitto", "-c", directory.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
            for (int i = 0; i < 100; i++) {
                try (var probe = new java.net.Socket("127.0.0.1", port)) {
                    return new Mosquitto(process, port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            process.destroyForcibly();
            throw new IOException("mosquitto did not start on port " + port + " (is it installed?)");
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
