package org.cityhealth.hub.feeds.exam;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.util.MimeType;

/**
 * The content types of exam files, which decide the converter, and their parameters. A PDF's query parameters
 * (who, which exam) travel as parameters of the content type the vault records with the bytes: conversion must
 * depend on nothing else, or replaying the vault after a crash or re-deriving an archive would lose them.
 */
final class ExamMediaTypes {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Excel 97–2003 workbooks, which many exam systems still export. */
    static final String XLS = "application/vnd.ms-excel";
    /** The vault's content_type column is this long. */
    private static final int MAX_LENGTH = 200;

    private ExamMediaTypes() {
    }

    static SubmissionFormat format(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
        return switch (type) {
            case "text/csv" -> SubmissionFormat.EXAM_CSV;
            case XLSX -> SubmissionFormat.EXAM_XLSX;
            case XLS -> SubmissionFormat.EXAM_XLS;
            case "application/pdf" -> SubmissionFormat.EXAM_PDF;
            default -> throw new IngestException(415, "not-supported", "Content-Type", "unsupported media type " + contentType
                    + ": send text/csv (with its charset), " + XLSX + ", " + XLS
                    + " or application/pdf");
        };
    }

    /** The charset parameter, if the sender gave one. */
    static Optional<Charset> charset(String contentType) {
        try {
            return Optional.ofNullable(MimeType.valueOf(contentType).getCharset());
        } catch (IllegalArgumentException e) {
            throw new IngestException(415, "not-supported", "Content-Type", "unknown charset in " + contentType);
        }
    }

    /** {@code application/pdf} with the given parameters, URL-encoded so that any text is a valid parameter value. */
    static String pdf(Map<String, String> parameters) {
        StringBuilder type = new StringBuilder("application/pdf");
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                type.append("; ").append(name).append('=').append(URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
            }
        });
        if (type.length() > MAX_LENGTH) {
            throw new IngestException(400, "too-long", "query", "the query parameters are too long");
        }
        return type.toString();
    }

    static Map<String, String> parameters(String contentType) {
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            MimeType.valueOf(contentType).getParameters().forEach((name, value) ->
                    parameters.put(name, URLDecoder.decode(value, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new IngestException(415, "not-supported", "Content-Type", "cannot read the parameters of " + contentType);
        }
        return parameters;
    }
}
