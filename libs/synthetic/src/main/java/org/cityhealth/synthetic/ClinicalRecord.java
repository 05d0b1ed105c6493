package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One clinical resource of a resident's history, before it becomes JSON. Each belongs to exactly one source and, when
 * it has an encounter, to an encounter of that same source, so a source's share of a history is self-contained.
 * Practitioners are referred to by their number within the source.
 */
sealed interface ClinicalRecord {

    /** The resource id: a UUID fixed by (seed, resident, position in the history). */
    String id();

    /** Index of the source that holds the record. */
    int source();

    String resourceType();

    /** Encounter class (v3 ActCode). */
    enum EncounterClass {
        AMB("ambulatory"), IMP("inpatient encounter"), EMER("emergency");

        final String display;

        EncounterClass(String display) {
            this.display = display;
        }
    }

    /**
     * A visit. {@code end} is null while an admission is still open at the end of the history; {@code died} marks the
     * stay in which the patient died; {@code diagnoses} are the ids of Conditions made at the visit.
     */
    record Encounter(String id, int source, EncounterClass encounterClass, String typeText, Department department,
                     LocalDateTime start, LocalDateTime end, Codes.Concept reason, int practitioner,
                             boolean emergencyAdmission,
                     boolean died, List<String> diagnoses) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "Encounter";
        }
    }

    /** A diagnosis on the problem list ({@code problemList}) or of one encounter; abatement null while active. */
    record Condition(String id, int source, String encounter, Disease disease, boolean problemList,
            String clinicalStatus,
                     LocalDate onset, LocalDateTime abatement, LocalDateTime recorded, int practitioner)
            implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "Condition";
        }
    }

    /**
     * A measurement. Quantities use {@code value} (blood pressure also {@code secondValue}, the diastolic); coded
     * results use {@code codedValue} and {@code codedInterpretation}.
     */
    record Observation(String id, int source, String encounter, Measure measure, LocalDateTime effective, double value,
                       double secondValue, Codes.Concept codedValue, String codedInterpretation, boolean male)
            implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "Observation";
        }
    }

    /** A lab report grouping {@code results}, or an imaging report on {@code imagingStudy}. */
    record DiagnosticReport(String id, int source, String encounter, Codes.Concept code, boolean imaging,
                            LocalDateTime effective, LocalDateTime issued, List<String> results, String imagingStudy,
                            String conclusion, int practitioner) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "DiagnosticReport";
        }
    }

    record MedicationRequest(String id, int source, String encounter, Drug drug, LocalDateTime authored, String status,
                             int practitioner, Disease reason, boolean inpatient) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "MedicationRequest";
        }
    }

    /** What the patient says they take, recorded on admission (medication reconciliation). */
    record MedicationStatement(String id, int source, String encounter, Drug drug, LocalDate since,
                               LocalDateTime asserted) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "MedicationStatement";
        }
    }

    record AllergyIntolerance(String id, int source, String encounter, Allergen allergen, String criticality,
                              Allergen.Reaction reaction, String severity, LocalDate onset, LocalDateTime recorded,
                              int practitioner) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "AllergyIntolerance";
        }
    }

    record Procedure(String id, int source, String encounter, Surgery surgery, LocalDateTime start, LocalDateTime end,
                     int practitioner, Disease reason) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "Procedure";
        }
    }

    /** {@code seriesUids} has one DICOM UID per series; {@code studyUid} identifies the study. */
    record ImagingStudy(String id, int source, String encounter, ImagingKind kind, LocalDateTime started,
            String studyUid,
                        List<String> seriesUids, int[] instancesPerSeries, int practitioner) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "ImagingStudy";
        }

        int instances() {
            int sum = 0;
            for (int n : instancesPerSeries) {
                sum += n;
            }
            return sum;
        }
    }

    record Immunization(String id, int source, String encounter, Vaccine vaccine, LocalDateTime occurrence, int dose,
                        String lot, int practitioner) implements ClinicalRecord {
        @Override
        public String resourceType() {
            return "Immunization";
        }
    }
}
