package org.cityhealth.hub.feeds.exam;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What an exam file says, read and checked, before it becomes FHIR. */
final class ExamRecords {

    private ExamRecords() {
    }

    /** A person as the file names them; {@code residentId} is a valid 18-character number or null. */
    record Person(String residentId, String patientId, String name, String gender, LocalDate birthDate) {
    }

    record Exam(String examId, LocalDate date, Person person, List<Measured> results) {
    }

    /**
     * One result: a number (with an optional comparator such as {@code <}) or text; its reference range; and its
     * flag, H, L, N or A (abnormal, for text results), as the file gave it or computed from the range.
     */
    record Measured(ExamMapping.Result item, String text, BigDecimal number, String comparator, String unitShown, BigDecimal low,
                    BigDecimal high, String rangeText, String flag) {
    }
}
