package org.cityhealth.hub.ingest;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.stereotype.Component;

/** The feed converters the application provides, one per vault format. */
@Component
class FeedConverters {

    private final Map<SubmissionFormat, FeedConverter> byFormat = new EnumMap<>(SubmissionFormat.class);

    FeedConverters(List<FeedConverter> converters) {
        for (FeedConverter converter : converters) {
            if (byFormat.put(converter.format(), converter) != null) {
                throw new IllegalStateException("two feed converters for " + converter.format());
            }
        }
    }

    /** Formats whose submissions are converted rather than parsed as FHIR. */
    static boolean isFeed(SubmissionFormat format) {
        return switch (format) {
            case HL7V2, DICOM, EXAM_CSV, EXAM_XLSX, EXAM_PDF, VITALS_NDJSON -> true;
            case FHIR_JSON, FHIR_XML, NDJSON, NDJSON_GZIP, OTHER -> false;
        };
    }

    Optional<FeedConverter> find(SubmissionFormat format) {
        return Optional.ofNullable(byFormat.get(format));
    }

    FeedConverter forFormat(SubmissionFormat format) {
        return find(format).orElseThrow(() -> new IngestException(415, "not-supported", "format", "no converter for " + format));
    }
}
