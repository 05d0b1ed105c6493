package org.cityhealth.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link DicomServer} and {@link DicomClient} against dcmtk's echoscu, storescu and storescp, and each other. */
class DicomServerTest {
    @TempDir
    static Path directory;
    private static Path ct;
    private static Path lossless;

    private final List<StoreRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(Status.SUCCESS);
    private DicomServer server;

    @BeforeAll
    static void makeFiles() throws IOException {
        Dcmtk.assumeInstalled("dump2dcm", "dcmcjpeg", "echoscu", "storescu", "storescp", "dcmdump");
        ct = Fixtures.ct(directory, "ct", "GB18030", java.nio.charset.Charset.forName("GB18030"));
        lossless = directory.resolve("lossless.dcm");
        Dcmtk.check(directory, "dcmcjpeg", "-q", ct.toString(), lossless.toString());
    }

    @BeforeEach
    void startServer() throws IOException {
        server = DicomServer.start(ServerConfig.of("HUB", request -> {
            received.add(request);
            return status.get();
        }).withPolicy(AssociationPolicy.callingAeTitles(Set.of("SCU", "BENCH"))));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void answersEchoscu() {
        Dcmtk.check(directory, "echoscu", "-aet", "SCU", "-aec", "HUB", "localhost", port());
    }

    /**
     * storescu also proposes the file's own syntax in a context of its own and prefers it, so each syntax is
     * sent from a file already in it (dcmconv), proposed with the matching option.
     */
    @ParameterizedTest(name = "storescu {0}")
    @CsvSource({"-xe, +te, 1.2.840.10008.1.2.1", "-xb, +tb, 1.2.840.10008.1.2.2", "-xi, +ti, 1.2.840.10008.1.2",
        "-xd, +td, 1.2.840.10008.1.2.1.99"})
    void receivesWhatStorescuSendsInTheProposedSyntax(String option, String conversion, String expectedSyntax) {
        Path file = Fixtures.convert(ct, "sent" + conversion.substring(1), conversion);
        Dcmtk.check(directory, "storescu", "-R", option, "-aet", "SCU", "-aec", "HUB", "localhost", port(),
                file.toString());
        assertThat(received).hasSize(1);
        StoreRequest request = received.getFirst();
        assertThat(request.callingAeTitle()).isEqualTo("SCU");
        assertThat(request.sopClassUid()).isEqualTo(Uids.CT_IMAGE_STORAGE);
        assertThat(request.sopInstanceUid()).isEqualTo("1.2.826.0.1.3680043.2.1125.7.1");
        assertThat(request.transferSyntax()).isEqualTo(expectedSyntax);
        assertThat(request.dataset()).isEqualTo(DicomFile.read(file).dataset());
    }

    @Test
    void storesTheReceivedBytesUnchangedAsPart10() throws IOException {
        Dcmtk.check(directory, "storescu", "-R", "-xe", "-aet", "SCU", "-aec", "HUB", "localhost", port(),
                ct.toString());
        byte[] original = Files.readAllBytes(ct);
        byte[] datasetBytes = received.getFirst().datasetBytes();
        // dump2dcm wrote the same explicit VR little endian encoding that storescu sent.
        assertThat(java.util.Arrays.copyOfRange(original, original.length - datasetBytes.length, original.length))
                .isEqualTo(datasetBytes);
        Path stored = directory.resolve("stored.dcm");
        Files.write(stored, received.getFirst().toPart10());
        assertThat(Dcmtk.dump(stored)).isEqualTo(Dcmtk.dump(ct));
    }

    @Test
    void receivesJpegLosslessFromStorescu() {
        Dcmtk.check(directory, "storescu", "-R", "-xs", "-aet", "SCU", "-aec", "HUB", "localhost", port(),
                lossless.toString());
        assertThat(received.getFirst().transferSyntax()).isEqualTo(TransferSyntax.JPEG_LOSSLESS_SV1.uid());
        assertThat(received.getFirst().dataset()).isEqualTo(DicomFile.read(lossless).dataset());
    }

    @Test
    void rejectsAWrongCalledAeTitle() {
        Dcmtk.Result result = Dcmtk.run(directory, "storescu", "-aet", "SCU", "-aec", "NOTHUB", "localhost", port(),
                ct.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("Called AE Title Not Recognized");
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsAnUnknownCallingAeTitleByPolicy() {
        Dcmtk.Result result = Dcmtk.run(directory, "storescu", "-aet", "STRANGER", "-aec", "HUB", "localhost",
                port(), ct.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        assertThatThrownBy(() -> DicomClient.associate("localhost", server.port(), "STRANGER", "HUB",
                List.of(PresentationContext.verification())))
                .isInstanceOf(DicomException.class).hasMessageContaining("result 1 source 1 reason 3");
    }

    @Test
    void storescuReportsTheHandlersFailureStatus() {
        status.set(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS);
        Dcmtk.Result result = Dcmtk.run(directory, "storescu", "-v", "-aet", "SCU", "-aec", "HUB", "localhost",
                port(), ct.toString());
        assertThat(result.output()).contains("Received Store Response (Error: DataSetDoesNotMatchSOPClass)");
    }

    @Test
    void ourClientEchoesAndStoresWithOurServer() {
        DicomFile file = DicomFile.read(ct);
        try (DicomClient client = DicomClient.associate("localhost", server.port(), "BENCH", "HUB",
                List.of(PresentationContext.verification(),
                        PresentationContext.storage(Uids.CT_IMAGE_STORAGE, file.transferSyntax())))) {
            assertThat(client.echo()).isEqualTo(Status.SUCCESS);
            assertThat(client.store(file)).isEqualTo(Status.SUCCESS);
            status.set(Status.OUT_OF_RESOURCES);
            assertThat(client.store(file)).isEqualTo(Status.OUT_OF_RESOURCES);
        }
        assertThat(received).hasSize(2);
        assertThat(received.getFirst().dataset()).isEqualTo(file.dataset());
    }

    @Test
    void ourClientStoresWithStorescp() throws Exception {
        Path output = Files.createDirectories(directory.resolve("storescp-" + System.nanoTime()));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process storescp = new ProcessBuilder("storescp", "-aet", "STORESCP", "-od", output.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(directory.resolve("storescp.log")
                .toFile()).start();
        try {
            DicomFile file = DicomFile.read(ct);
            DicomClient client = connectWhenListening(port, file);
            assertThat(client.store(file)).isEqualTo(Status.SUCCESS);
            client.release();
            Path written;
            try (var files = Files.list(output)) {
                written = files.findFirst().orElseThrow();
            }
            assertThat(Dcmtk.dump(written)).isEqualTo(Dcmtk.dump(ct));
        } finally {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void abortsMalformedPdusAndKeepsServing() throws IOException {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {1, 0, 0, 0, 0, 10, 0, 1, 0, 0, 'x', 'x', 'x', 'x', 'x', 'x'});
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.read()).isEqualTo(UpperLayer.ABORT);
        }
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {9, 0, 0x7F, 0, 0, 0});
            assertThat(socket.getInputStream().read()).isIn(UpperLayer.ABORT, -1);
        }
        Dcmtk.check(directory, "echoscu", "-aet", "SCU", "-aec", "HUB", "localhost", port());
    }

    @Test
    void abortsAnAssociationThatStaysSilentPastTheArtimTimer() throws IOException {
        server.close();
        server = DicomServer.start(ServerConfig.of("HUB", request -> Status.SUCCESS)
                .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)));
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(UpperLayer.ABORT);
        }
    }

    private static DicomClient connectWhenListening(int port, DicomFile file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return DicomClient.associate("localhost", port, "BENCH", "STORESCP",
                        List.of(PresentationContext.storage(Uids.CT_IMAGE_STORAGE, file.transferSyntax())));
            } catch (java.io.UncheckedIOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void answersFindscuWithEachMatchAsPendingThenTheFinalStatus() throws IOException {
        List<FindRequest> finds = new CopyOnWriteArrayList<>();
        ServerConfig config = ServerConfig.of("HUB", request -> Status.SUCCESS)
                .withAbstractSyntaxes(uid -> Uids.VERIFICATION.equals(uid) || Uids.STUDY_ROOT_FIND.equals(uid))
                .withFindHandler(request -> {
                    finds.add(request);
                    if (!"STUDY".equals(request.identifier().getString(Tag.QueryRetrieveLevel, ""))) {
                        return FindResult.failure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "only STUDY here");
                    }
                    return FindResult.of(List.of(studyMatch("1.2.3.1", "Wang^Xiaoming=王^小明"), studyMatch("1.2.3.2", "Li^Si=李^四")));
                });
        try (DicomServer finder = DicomServer.start(config)) {
            Path out = Files.createTempDirectory(directory, "find");
            Dcmtk.check(out, "findscu", "-S", "-X", "-aet", "SCU", "-aec", "HUB", "localhost", Integer.toString(finder.port()),
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=P1", "-k", "StudyInstanceUID", "-k", "PatientName");

            try (var files = Files.list(out)) {
                List<Dataset> responses = files.filter(file -> file.getFileName().toString().startsWith("rsp")).sorted()
                        .map(file -> DicomFile.read(file).dataset()).toList();
                assertThat(responses).extracting(response -> response.getString(Tag.StudyInstanceUID, "")).containsExactly("1.2.3.1", "1.2.3.2");
                assertThat(responses.get(0).getPersonName(Tag.PatientName).orElseThrow().toString()).isEqualTo("Wang^Xiaoming=王^小明");
            }
            assertThat(finds).singleElement().satisfies(request -> {
                assertThat(request.sopClassUid()).isEqualTo(Uids.STUDY_ROOT_FIND);
                assertThat(request.callingAeTitle()).isEqualTo("SCU");
                assertThat(request.identifier().getString(Tag.PatientID, "")).isEqualTo("P1");
                assertThat(request.identifier().contains(Tag.StudyInstanceUID)).as("a return key, empty").isTrue();
            });

            Dcmtk.Result refused = Dcmtk.run(out, "findscu", "-S", "-d", "-aet", "SCU", "-aec", "HUB", "localhost",
                    Integer.toString(finder.port()), "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID");
            assertThat(refused.output()).contains("0xa900: Error: Data Set does not match SOP Class").contains("ErrorComment").contains("only STUDY here");
            Dcmtk.check(directory, "echoscu", "-aet", "SCU", "-aec", "HUB", "localhost", Integer.toString(finder.port()));
        }
    }

    @Test
    void answersMovescuWithTheSubOperationsTheHandlerRan() throws IOException {
        int destinationPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            destinationPort = probe.getLocalPort();
        }
        byte[] file = Files.readAllBytes(ct);
        List<MoveRequest> moves = new CopyOnWriteArrayList<>();
        ServerConfig config = ServerConfig.of("HUB", request -> Status.SUCCESS)
                .withAbstractSyntaxes(uid -> Uids.VERIFICATION.equals(uid) || Uids.STUDY_ROOT_MOVE.equals(uid))
                .withMoveHandler(request -> {
                    moves.add(request);
                    if (!"SCU".equals(request.moveDestination())) {
                        return MoveResult.failure(Status.MOVE_DESTINATION_UNKNOWN, "unknown destination");
                    }
                    DicomFile parsed = DicomFile.read(file);
                    try (DicomClient client = DicomClient.associate("127.0.0.1", destinationPort, "HUB", "SCU",
                            List.of(PresentationContext.of(parsed.sopClassUid(), parsed.transferSyntax())))) {
                        int status = client.store(parsed.sopClassUid(), parsed.sopInstanceUid(), parsed.transferSyntax(),
                                DicomFile.datasetBytes(file), request.callingAeTitle(), request.messageId());
                        client.release();
                        return Status.isSuccess(status) ? MoveResult.of(1, 0, 0) : MoveResult.of(0, 1, 0);
                    }
                });
        try (DicomServer mover = DicomServer.start(config)) {
            Path out = Files.createTempDirectory(directory, "moved");
            Dcmtk.Result moved = Dcmtk.run(out, "movescu", "-S", "-d", "+B", "+P", Integer.toString(destinationPort), "-aet", "SCU",
                    "-aem", "SCU", "-aec", "HUB", "localhost", Integer.toString(mover.port()), "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID=1.2.3");
            assertThat(moved.exitCode()).as(moved.output()).isZero();
            assertThat(moved.output()).contains("Received Final Move Response").containsPattern("DIMSE Status\\s*: 0x0000: Success");
            assertThat(moved.output()).as("the sub-operation names the C-MOVE it serves").containsPattern("Move Originator AE Title\\s*: SCU")
                    .containsPattern("Move Originator ID\\s*: 1");
            try (var files = Files.list(out)) {
                assertThat(files.map(received -> DicomFile.datasetBytes(readAll(received))).toList()).singleElement()
                        .isEqualTo(DicomFile.datasetBytes(file));
            }
            assertThat(moves).singleElement().satisfies(request -> {
                assertThat(request.sopClassUid()).isEqualTo(Uids.STUDY_ROOT_MOVE);
                assertThat(request.identifier().getString(Tag.StudyInstanceUID, "")).isEqualTo("1.2.3");
            });

            Dcmtk.Result refused = Dcmtk.run(out, "movescu", "-S", "-d", "-aet", "SCU", "-aem", "ELSEWHERE", "-aec", "HUB", "localhost",
                    Integer.toString(mover.port()), "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=1.2.3");
            assertThat(refused.output()).contains("0xa801").contains("unknown destination");
        }
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void refusesFindWithoutAHandlerInNegotiation() {
        Dcmtk.Result result = Dcmtk.run(directory, "findscu", "-S", "-aet", "SCU", "-aec", "HUB", "localhost", port(),
                "-k", "QueryRetrieveLevel=STUDY");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("No Acceptable Presentation Contexts");
    }

    private static Dataset studyMatch(String studyUid, String patientName) {
        return new Dataset().setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192").setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.PatientName, VR.PN, patientName).setString(Tag.PatientID, VR.LO, "P1")
                .setString(Tag.StudyInstanceUID, VR.UI, studyUid);
    }

    private String port() {
        return Integer.toString(server.port());
    }
}
