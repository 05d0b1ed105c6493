package org.cityhealth.hub.feeds.exam;

import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.stereotype.Component;

/**
 * Exam workbooks in the Excel 97–2003 format ({@code .xls}), read as {@code .xlsx} ones are: POI's workbook factory
 * tells the two apart by their bytes. A format of its own so that the vault names the file as the centre sent it.
 */
@Component
class ExamXlsConverter extends ExamXlsxConverter {

    ExamXlsConverter(ExamMappings mappings) {
        super(mappings);
    }

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.EXAM_XLS;
    }
}
