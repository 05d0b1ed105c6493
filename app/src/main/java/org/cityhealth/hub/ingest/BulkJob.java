package org.cityhealth.hub.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Progress of one NDJSON load, readable while it runs. */
public final class BulkJob {

    /** Rejected lines kept for the report; the count goes on beyond. */
    private static final int MAX_REPORTED_ERRORS = 100;

    public enum State { RUNNING, COMPLETED, FAILED }

    public record LineError(long line, String message) {
    }

    /** An immutable snapshot for JSON. */
    public record Status(String id, long submissionId, String source, State state, long bytes, long lines, long resources,
                         long rejectedLines, List<LineError> errors, Instant startedAt, Instant finishedAt,
                         double resourcesPerSecond, String message) {
    }

    private final String id;
    private final long submissionId;
    private final String source;
    private final long bytes;
    private final Instant startedAt = Instant.now();
    private final List<LineError> errors = new ArrayList<>();
    private volatile State state = State.RUNNING;
    private volatile long lines;
    private volatile long resources;
    private volatile long rejectedLines;
    private volatile Instant finishedAt;
    private volatile String message;

    BulkJob(String id, long submissionId, String source, long bytes) {
        this.id = id;
        this.submissionId = submissionId;
        this.source = source;
        this.bytes = bytes;
    }

    synchronized void reject(long line, String reason) {
        rejectedLines++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(new LineError(line, reason));
        }
    }

    void linesRead(long linesRead) {
        this.lines = linesRead;
    }

    synchronized void stored(long count) {
        this.resources += count;
    }

    void finish(State end, String text) {
        this.message = text;
        this.finishedAt = Instant.now();
        this.state = end;
    }

    public String id() {
        return id;
    }

    public synchronized Status status() {
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
        return new Status(id, submissionId, source, state, bytes, lines, resources, rejectedLines, List.copyOf(errors),
                startedAt, finishedAt, Math.round(resources / seconds * 10) / 10.0, message);
    }
}
