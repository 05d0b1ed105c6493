package org.cityhealth.identity.linkage;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.cityhealth.identity.Names;
import org.cityhealth.identity.OfficialId;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.identity.Sex;

/**
 * Turns what a source sent into a {@link PersonRecord}, keeping whatever is usable and naming every problem. Never
 * throws on content: a record with garbage in every field is still a record (of its own), with issues.
 */
public final class RecordReader {

    /** A record and what was wrong with it. */
    public record Read(PersonRecord record, List<QualityIssue> issues) {
    }

    /** Names that registration desks type for an unidentified patient; they identify nobody. */
    private static final Set<String> PLACEHOLDER_NAMES = Set.of(
            "无名氏", "无名", "未知", "不详", "测试", "患者", "病人", "新生儿", "婴儿", "unknown", "test", "anonymous", "noname", "baby");
    private static final Pattern DIGITS_OR_X = Pattern.compile("[0-9]{14,17}[0-9X]");
    private static final Pattern REPEATED_DIGIT = Pattern.compile("(\\d)\\1{6,}");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);
    private static final int LONGEST_NAME = 40;

    private RecordReader() {
    }

    public static Read read(RawIdentity raw, LocalDate today) {
        List<QualityIssue> issues = new ArrayList<>();
        String[] name = name(raw, issues);
        LocalDate birth = birthDate(raw.birthDate(), today, issues);
        Sex sex = Sex.ofFhir(raw.gender());
        ResidentId residentId = null;
        String badResidentId = null;
        if (raw.residentId() != null && !raw.residentId().isBlank()) {
            Optional<ResidentId> parsed = ResidentId.parse(raw.residentId());
            if (parsed.isPresent()) {
                residentId = parsed.get();
                if (birth != null && !birth.equals(residentId.birthDate())) {
                    issues.add(new QualityIssue("Patient.birthDate", "birth-date-conflicts-resident-id",
                            "birth date " + birth + " differs from the one in the resident ID"));
                }
                if (sex == Sex.MALE && !residentId.male() || sex == Sex.FEMALE && residentId.male()) {
                    issues.add(new QualityIssue("Patient.gender", "sex-conflicts-resident-id", "sex differs from the one the resident ID encodes"));
                }
            } else {
                String typed = raw.residentId().strip().toUpperCase(Locale.ROOT);
                String problem = ResidentId.problemWith(typed);
                issues.add(new QualityIssue("Patient.identifier", "resident-id-invalid",
                        "invalid resident ID: " + (problem == null ? "not 15 or 18 characters" : problem)));
                badResidentId = DIGITS_OR_X.matcher(typed).matches() ? typed : null;
            }
        }
        String phone = phone(raw.phone(), issues);
        List<OfficialId> officialIds = new ArrayList<>();
        for (RawIdentity.Typed typed : raw.officialIds()) {
            OfficialId.parse(typed.kind(), typed.value()).ifPresentOrElse(officialIds::add,
                    () -> issues.add(new QualityIssue("Patient.identifier", "official-id-invalid", "not a valid " + typed.kind() + " number")));
        }
        PersonRecord record = new PersonRecord(raw.id(), name[0], name[1], birth, sex, phone, Names.fold(raw.district()),
                residentId, badResidentId, officialIds);
        return new Read(record, List.copyOf(issues));
    }

    private static String[] name(RawIdentity raw, List<QualityIssue> issues) {
        String typed = raw.family() != null || raw.given() != null
                ? (raw.family() == null ? "" : raw.family()) + (raw.given() == null ? "" : raw.given()) : raw.text();
        if (typed == null || typed.isBlank()) {
            issues.add(new QualityIssue("Patient.name", "name-missing", "no name"));
            return new String[2];
        }
        String folded = Names.fold(typed);
        if (folded == null || typed.codePoints().anyMatch(Character::isDigit) || folded.length() > LONGEST_NAME) {
            issues.add(new QualityIssue("Patient.name", "name-garbage", "the name is not a name: " + abbreviate(typed)));
            return new String[2];
        }
        if (PLACEHOLDER_NAMES.contains(folded)) {
            issues.add(new QualityIssue("Patient.name", "name-placeholder", "placeholder name of an unidentified patient: " + typed.strip()));
            return new String[2];
        }
        if (raw.family() != null || raw.given() != null) {
            return new String[] {Names.fold(raw.family()), Names.fold(raw.given())};
        }
        return Names.splitFamily(folded);
    }

    private static LocalDate birthDate(String text, LocalDate today, List<QualityIssue> issues) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.length() < 10) {
            // A year or a month is a valid FHIR date but no evidence of a day; it stays out of the comparison.
            if (!value.matches("\\d{4}(-\\d{2})?") || value.length() == 7 && !validYearMonth(value)) {
                issues.add(new QualityIssue("Patient.birthDate", "birth-date-invalid", "not a date: " + abbreviate(value)));
            }
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.substring(0, 10));
        } catch (DateTimeException e) {
            issues.add(new QualityIssue("Patient.birthDate", "birth-date-invalid", "not a date: " + abbreviate(value)));
            return null;
        }
        if (date.isAfter(today) || date.isBefore(EARLIEST_BIRTH)) {
            issues.add(new QualityIssue("Patient.birthDate", "birth-date-impossible", "impossible birth date " + date));
            return null;
        }
        return date;
    }

    private static boolean validYearMonth(String value) {
        try {
            java.time.YearMonth.parse(value);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String phone(String typed, List<QualityIssue> issues) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String digits = typed.replaceAll("\\D", "");
        if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.length() == 13 && digits.startsWith("86")) {
            digits = digits.substring(2);
        }
        if (digits.length() < 7 || digits.length() > 12) {
            issues.add(new QualityIssue("Patient.telecom", "phone-invalid", "not a phone number: " + abbreviate(typed)));
            return null;
        }
        if (REPEATED_DIGIT.matcher(digits).find() || digits.contains("12345678")) {
            issues.add(new QualityIssue("Patient.telecom", "phone-placeholder", "placeholder phone number: " + abbreviate(typed)));
            return null;
        }
        return digits;
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }
}
