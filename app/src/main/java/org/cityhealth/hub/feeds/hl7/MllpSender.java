package org.cityhealth.hub.feeds.hl7;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.cityhealth.hub.Percentiles;
import org.springframework.modulith.NamedInterface;

/**
 * Sends HL7 v2 messages over MLLP and measures the answers: the load generator of {@code ./cityhealth bench feeds}
 * and the raw-bytes sender of the tests (HAPI's client can only send what it can parse and encode).
 */
@NamedInterface("clients")
public final class MllpSender implements AutoCloseable {

    private final Socket socket;
    private final PushbackInputStream in;
    private final OutputStream out;

    /** A connection to an MLLP listener. */
    public MllpSender(String host, int port) throws IOException {
        this(new Socket(host, port));
    }

    /** MLLP over a socket the caller connected (a TLS socket, say). */
    public MllpSender(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream()), 1);
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Sends one message (its bytes as they are, framed) and returns the answer's bytes. */
    public byte[] exchange(byte[] message) throws IOException {
        MllpFrames.write(out, message);
        MllpFrames.Frame answer = MllpFrames.read(in, Integer.MAX_VALUE);
        if (answer == null) {
            throw new IOException("the listener closed the connection without answering");
        }
        return answer.bytes();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * What a run measured.
     *
     * @param messages          messages sent
     * @param accepted          answered with MSA-1 AA
     * @param messagesPerSecond over the whole run
     * @param p50Millis         median time from sending a message to reading its ACK
     * @param p99Millis         99th percentile of that time
     */
    @NamedInterface("clients")
    public record Result(int messages, int accepted, double messagesPerSecond, double p50Millis, double p99Millis) {
    }

    /** Sends {@code messages} over {@code connections} connections, each message after the previous one's ACK on its connection. */
    public static Result run(String host, int port, List<byte[]> messages, int connections) throws IOException, InterruptedException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        long[] latencies = new long[messages.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newFixedThreadPool(connections)) {
            List<Future<Void>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                running.add(senders.submit(() -> {
                    try (MllpSender sender = new MllpSender(host, port)) {
                        for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
                            long sent = System.nanoTime();
                            byte[] ack = sender.exchange(messages.get(i));
                            latencies[i] = System.nanoTime() - sent;
                            if (acknowledgmentCode(ack).equals("AA")) {
                                accepted.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> sender : running) {
                sender.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] millis = Arrays.stream(latencies).mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
        return new Result(messages.size(), accepted.get(), messages.size() / seconds, Percentiles.of(millis, 50), Percentiles.of(millis, 99));
    }

    /** MSA-1 of an ACK ("" when it has none). */
    public static String acknowledgmentCode(byte[] ack) {
        for (String segment : new String(ack, StandardCharsets.UTF_8).split("\r")) {
            if (segment.startsWith("MSA") && segment.length() > 4) {
                String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(segment.charAt(3))), -1);
                return fields.length > 1 ? fields[1] : "";
            }
        }
        return "";
    }

    /**
     * A synthetic ORU^R01 (a blood count) from {@code sendingFacility}, numbered so that every index is a new
     * message about its own patient (index mod {@code patients}): a benchmark's load.
     */
    public static byte[] sampleResult(String sendingFacility, int index, int patients) {
        int patient = index % Math.max(1, patients);
        String message = "MSH|^~\\&|LIS|" + sendingFacility + "|CITYHEALTH|HUB|20250301083000+0800||ORU^R01^ORU_R01|BENCH" + index + "|P|2.5.1|||||CHN|UNICODE UTF-8\r"
                + "PID|1||BP" + patient + "^^^" + sendingFacility + "^MR||测试^患者" + patient + "||19800101|F\r"
                + "OBR|1|BO" + index + "|BF" + index + "|58410-2^CBC panel^LN|||20250301080000+0800||||||||||||||20250301083000+0800|||F\r"
                + "OBX|1|NM|718-7^Hemoglobin^LN||" + (110 + index % 60) + "|g/L^g/L^UCUM|115-150|N|||F|||20250301080000+0800\r"
                + "OBX|2|NM|6690-2^WBC^LN||" + (4 + index % 7) + ".2|10*9/L^10*9/L^UCUM|3.5-9.5|N|||F|||20250301080000+0800\r";
        return message.getBytes(StandardCharsets.UTF_8);
    }
}
