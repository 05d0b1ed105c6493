package org.cityhealth.ledger.witness;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an add-checkpoint request (c2sp.org/tlog-witness), as the HTTP response
 * to send: status, content type and body.
 */
public sealed interface WitnessResponse {

    String TEXT = "text/plain; charset=utf-8";

    int status();

    /** Plain text, except the 409 that tells the client the witness's size. */
    default String contentType() {
        return TEXT;
    }

    /** The response body; sent as UTF-8. */
    String body();

    /** A refusal whose body is its reason, one line. */
    sealed interface Refusal extends WitnessResponse {
        String reason();

        @Override
        default String body() {
            return reason() + "\n";
        }
    }

    /** 200: the checkpoint was recorded and cosigned; one note signature line per witness key. */
    record Cosigned(List<String> signatureLines) implements WitnessResponse {
        public Cosigned {
            signatureLines = List.copyOf(signatureLines);
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public String body() {
            StringBuilder body = new StringBuilder();
            signatureLines.forEach(line -> body.append(line).append('\n'));
            return body.toString();
        }
    }

    /**
     * 409: the request's old size is not the size this witness last cosigned; the body tells
     * the client which size to prove consistency from.
     */
    record Conflict(long recordedSize) implements WitnessResponse {
        @Override
        public int status() {
            return 409;
        }

        @Override
        public String contentType() {
            return "text/x.tlog.size";
        }

        @Override
        public String body() {
            return recordedSize + "\n";
        }
    }

    /**
     * 409: the checkpoint has the size this witness last cosigned but another root hash, i.e.
     * the log presents two different trees of the same size (a fork).
     */
    record RootMismatch(String origin, long size) implements Refusal {
        @Override
        public int status() {
            return 409;
        }

        @Override
        public String reason() {
            return "checkpoint of " + origin + " at size " + size
                    + " has a different root hash than the one this witness cosigned at that size";
        }
    }

    /** 400: the request or the checkpoint is malformed, or the old size exceeds the checkpoint size. */
    record BadRequest(String reason) implements Refusal {
        public BadRequest {
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public int status() {
            return 400;
        }
    }

    /** 403: no signature by a key this witness trusts for the origin verified. */
    record Forbidden(String reason) implements Refusal {
        public Forbidden {
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public int status() {
            return 403;
        }
    }

    /** 404: this witness is not configured for the checkpoint's origin. */
    record UnknownLog(String origin) implements Refusal {
        public UnknownLog {
            Objects.requireNonNull(origin, "origin is null");
        }

        @Override
        public int status() {
            return 404;
        }

        @Override
        public String reason() {
            return "unknown log origin: " + origin;
        }
    }

    /** 422: the consistency proof from the recorded checkpoint does not verify. */
    record Inconsistent(String reason) implements Refusal {
        public Inconsistent {
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public int status() {
            return 422;
        }
    }

    /** 500: the witness could not read or persist its state; nothing was cosigned. */
    record Failure(String reason) implements Refusal {
        public Failure {
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public int status() {
            return 500;
        }
    }
}
