package org.cityhealth.hub.feeds.exam;

import com.fasterxml.jackson.databind.JsonNode;
import org.cityhealth.hub.ingest.FeedConverter;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;

/** CSV and Excel exports, read by the sending source's mapping into Patients, DiagnosticReports and Observations. */
abstract class ExamTableConverter implements FeedConverter {

    private final ExamMappings mappings;

    ExamTableConverter(ExamMappings mappings) {
        this.mappings = mappings;
    }

    @Override
    public JsonNode toBundle(Source source, byte[] raw, String contentType) {
        // 503, not 4xx: a missing mapping is the hub's to fix, and after it is added a resend of the same bytes must be
        // processed again rather than answered with the old refusal (the vault re-processes only 5xx outcomes).
        ExamMapping mapping = mappings.forSource(source.code()).orElseThrow(() -> new IngestException(503, "not-supported", "source",
                "no exam mapping is configured for source " + source.code() + "; ask the hub's operators to add one"));
        var exams = ExamRows.read(mapping, table(mapping, raw, contentType));
        if (exams.isEmpty()) {
            throw new IngestException(422, "required", "file", "the file has no exam rows below its header");
        }
        return ExamBundles.transaction(source, exams);
    }

    abstract ExamTable table(ExamMapping mapping, byte[] raw, String contentType);
}
