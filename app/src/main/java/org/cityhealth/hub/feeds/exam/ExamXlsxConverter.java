package org.cityhealth.hub.feeds.exam;

import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.stereotype.Component;

/** Exam Excel workbooks: the mapping's sheet and header row. */
@Component
class ExamXlsxConverter extends ExamTableConverter {

    ExamXlsxConverter(ExamMappings mappings) {
        super(mappings);
    }

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.EXAM_XLSX;
    }

    @Override
    ExamTable table(ExamMapping mapping, byte[] raw, String contentType) {
        return ExamTable.excel(raw, mapping.excel());
    }
}
