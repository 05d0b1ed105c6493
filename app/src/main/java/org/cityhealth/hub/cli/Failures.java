package org.cityhealth.hub.cli;

/** Turns an exception into the one line a person needs: the deepest cause's message. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure) {
        Throwable cause = failure;
        String message = failure.getMessage();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        if (message == null) {
            message = cause.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }
}
