package org.cityhealth.hub.feeds.exam;

import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.stereotype.Component;

/** Exam CSV: the charset of the Content-Type when the sender gives one, else the mapping's (often GB18030). */
@Component
class ExamCsvConverter extends ExamTableConverter {

    ExamCsvConverter(ExamMappings mappings) {
        super(mappings);
    }

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.EXAM_CSV;
    }

    @Override
    ExamTable table(ExamMapping mapping, byte[] raw, String contentType) {
        ExamMapping.Csv csv = mapping.csv();
        return ExamTable.csv(raw, ExamMediaTypes.charset(contentType).orElse(csv.charset()), csv.delimiter(), csv.headerRow());
    }
}
