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

    /** Whether submissions of {@code format} are converted by a feed rather than parsed as FHIR. */
    boolean isFeed(SubmissionFormat format) {
        return byFormat.containsKey(format);
    }

    FeedConverter forFormat(SubmissionFormat format) {
        return Optional.ofNullable(byFormat.get(format)).orElseThrow(() -> new IngestException(415, "not-supported", "format", "no converter for " + format));
    }
}
