package org.cityhealth.hub.imaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.cityhealth.dicom.DicomClient;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.PresentationContext;
import org.cityhealth.dicom.Status;
import org.cityhealth.hub.Percentiles;

/**
 * Sends DICOM instances to a running hub, as a PACS would, and measures it: over STOW-RS (one request per batch of
 * instances) and over C-STORE (one association, one C-STORE per instance, with the library's {@link DicomClient}).
 * For {@code ./cityhealth bench feeds}; the instances are the caller's (e.g. generated Part 10 files).
 */
public final class StowSender {

    /** What a run measured: instances and bytes per second, and request latencies (a STOW request or one C-STORE). */
    public record Result(int instances, int failed, long bytes, double seconds, double instancesPerSecond, double megabytesPerSecond,
                         double p50Millis, double p99Millis) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * STOW-RS to {@code baseUrl}/dicomweb/studies with the source's bearer token, {@code perRequest} instances a request.
     * An instance counts as failed when its request did not answer 200 (202: the failed ones are not told apart here).
     */
    public Result stow(String baseUrl, String token, List<byte[]> instances, int perRequest) throws IOException, InterruptedException {
        if (perRequest < 1) {
            throw new IllegalArgumentException("perRequest must be at least 1");
        }
        URI uri = URI.create(baseUrl.replaceAll("/+$", "") + "/dicomweb/studies");
        List<Double> latencies = new ArrayList<>();
        long bytes = 0;
        int failed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < instances.size(); i += perRequest) {
            List<byte[]> batch = instances.subList(i, Math.min(instances.size(), i + perRequest));
            String boundary = UUID.randomUUID().toString();
            byte[] body = multipart(boundary, batch);
            long sent = System.nanoTime();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                    .header("Accept", DicomWebController.DICOM_JSON).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            latencies.add((System.nanoTime() - sent) / 1e6);
            if (response.statusCode() != 200) {
                failed += batch.size();
            }
            bytes += batch.stream().mapToLong(instance -> instance.length).sum();
        }
        return result(instances.size(), failed, bytes, System.nanoTime() - start, latencies);
    }

    /** C-STORE to {@code host}:{@code port} as {@code callingAe} (mapped to the source) calling {@code calledAe}. */
    public Result cStore(String host, int port, String callingAe, String calledAe, List<byte[]> instances) {
        List<DicomFile> files = instances.stream().map(DicomFile::read).toList();
        // One context per SOP class and transfer syntax sent, so every file goes as it is, without transcoding.
        List<PresentationContext> contexts = files.stream().map(file -> file.sopClassUid() + "|" + file.transferSyntax()).distinct()
                .map(pair -> PresentationContext.of(pair.split("\\|")[0], pair.split("\\|")[1])).toList();
        List<Double> latencies = new ArrayList<>();
        long bytes = 0;
        int failed = 0;
        long start = System.nanoTime();
        try (DicomClient client = DicomClient.associate(host, port, callingAe, calledAe, contexts)) {
            for (int i = 0; i < files.size(); i++) {
                long sent = System.nanoTime();
                int status = client.store(files.get(i));
                latencies.add((System.nanoTime() - sent) / 1e6);
                if (Status.isFailure(status)) {
                    failed++;
                }
                bytes += instances.get(i).length;
            }
            client.release();
        }
        return result(instances.size(), failed, bytes, System.nanoTime() - start, latencies);
    }

    private static Result result(int instances, int failed, long bytes, long nanos, List<Double> latencies) {
        double seconds = Math.max(nanos / 1e9, 1e-9);
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(instances, failed, bytes, seconds, instances / seconds, bytes / 1e6 / seconds, Percentiles.of(sorted, 50),
                Percentiles.of(sorted, 99));
    }

    /** A STOW-RS body: each Part 10 file as an {@code application/dicom} part. */
    public static byte[] multipart(String boundary, List<byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] file : files) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
