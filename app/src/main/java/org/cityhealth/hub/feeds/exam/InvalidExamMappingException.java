package org.cityhealth.hub.feeds.exam;

/**
 * A mapping file the hub refuses to start with. The message is one line naming the file, the source and the
 * field, so that the operator can fix it without reading a stack trace.
 */
class InvalidExamMappingException extends RuntimeException {

    InvalidExamMappingException(String file, String source, String field, String problem) {
        super("exam mapping " + file + (source == null ? "" : ", source " + source) + (field == null ? "" : ", " + field) + ": " + problem);
    }
}
