package org.cityhealth.synthetic;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns a resident's {@link HealthPlan} into the records each source holds about them.
 *
 * <p>The {@link HealthPlanner} decides what happens, the {@link VisitScheduler} when and where; this class then plays
 * the visits in time order against a running state (what is known, which medicines they take, which source already
 * has their problem list and allergy), so that later records follow from earlier ones: medicines start at diagnosis
 * and are refilled at follow-ups, treatment is intensified when measured values stay high, penicillin is avoided once
 * a penicillin allergy is known, blood type is typed once. Measured values come from the resident's
 * {@link Physiology}.
 */
final class HistoryGenerator {

    private static final Set<Disease> FAVOURABLE_CANCERS = EnumSet.of(Disease.BREAST_CANCER, Disease.THYROID_CANCER,
            Disease.PROSTATE_CANCER, Disease.CERVICAL_CANCER, Disease.COLON_CANCER);

    private static final Codes.Concept CBC_PANEL = new Codes.Concept(Codes.LOINC, "58410-2", "血常规");
    private static final Codes.Concept LAB_REPORT = new Codes.Concept(Codes.LOINC, "11502-2", "检验报告");
    private static final Codes.Concept EXAM_REPORT = new Codes.Concept(Codes.LOINC, "11502-2", "健康体检检验报告");
    private static final Codes.Concept IMAGING_REPORT = new Codes.Concept(Codes.LOINC, "18748-4", "影像检查报告");
    private static final Codes.Concept POSITIVE = new Codes.Concept(Codes.SNOMED, "10828004", "阳性");
    private static final Codes.Concept NEGATIVE = new Codes.Concept(Codes.SNOMED, "260385009", "阴性");
    private static final Codes.Concept[] ABO = {
            new Codes.Concept(Codes.LOINC, "LA19710-5", "A型"), new Codes.Concept(Codes.LOINC, "LA19709-7", "B型"),
            new Codes.Concept(Codes.LOINC, "LA19708-9", "O型"), new Codes.Concept(Codes.LOINC, "LA28449-9", "AB型")};
    private static final Codes.Concept RH_POSITIVE = new Codes.Concept(Codes.LOINC, "LA6576-8", "Rh阳性");
    private static final Codes.Concept RH_NEGATIVE = new Codes.Concept(Codes.LOINC, "LA6577-6", "Rh阴性");

    private final CitySpec spec;
    private final SourceCatalog catalog;
    private final HealthPlanner planner;
    private final VisitScheduler scheduler;

    HistoryGenerator(CitySpec spec, SourceCatalog catalog, FluCalendar flu) {
        this.spec = spec;
        this.catalog = catalog;
        this.planner = new HealthPlanner(spec, flu);
        this.scheduler = new VisitScheduler(catalog);
    }

    ResidentChart generate(Resident resident) {
        return new Life(resident).live();
    }

    /** One resident's history being written. Not thread-safe; one per resident. */
    private final class Life implements Physiology.State {
        private final Resident resident;
        private final SplittableRandom random;
        private final HealthPlan plan;
        private final Physiology body;
        private final List<ClinicalRecord> out = new ArrayList<>(128);
        private final EnumMap<Disease, LocalDate> known = new EnumMap<>(Disease.class);
        private final Medicines medicines;
        private final Map<Integer, EnumMap<Disease, String>> problemLists = new HashMap<>();
        private final Set<Integer> allergyAsked = new HashSet<>();
        private final Codes.Concept abo;
        private final Codes.Concept rh;
        private boolean bloodTyped;
        private long ordinal;
        private LocalDateTime deathTime;
        private int deathSource = -1;
        private String pregnancyCondition;

        // The visit being written.
        private Visit visit;
        private SourceCatalog.Source source;
        private String encounterId;
        private int practitioner;
        private int placeholder;
        private LocalDateTime clock;
        private List<String> diagnoses;
        private List<String> chemistry;
        private List<String> bloodCount;

        Life(Resident resident) {
            this.resident = resident;
            this.random = Seeds.random(spec.seed(), Seeds.Stream.HISTORY, resident.index());
            this.plan = planner.plan(resident, random);
            this.body = new Physiology(resident, random);
            double group = random.nextDouble();
            this.abo = group < 0.30 ? ABO[0] : group < 0.58 ? ABO[1] : group < 0.91 ? ABO[2] : ABO[3];
            this.rh = random.nextDouble() < 0.004 ? RH_NEGATIVE : RH_POSITIVE;
            this.medicines = new Medicines(resident, plan, random);
        }

        ResidentChart live() {
            for (Map.Entry<Disease, LocalDate> e : plan.onsets().entrySet()) {
                if (e.getKey().chronic && e.getValue().isBefore(plan.windowStart())) {
                    known.put(e.getKey(), e.getValue());
                    medicines.startTreatmentOf(e.getKey(), e.getValue().plusDays(14), known);
                    if (e.getKey() == Disease.BREAST_CANCER || e.getKey() == Disease.THYROID_CANCER) {
                        medicines.start(e.getKey() == Disease.BREAST_CANCER ? Drug.TAMOXIFEN : Drug.LEVOTHYROXINE,
                                e.getKey(), e.getValue().plusDays(60), null);
                    }
                }
            }
            List<Visit> visits = scheduler.schedule(resident, plan, CarePlaces.of(resident, catalog), random);
            for (Visit v : visits) {
                write(v);
            }
            if (plan.death() != null && deathTime == null) {
                deathTime = plan.death().atTime(random.nextInt(24), random.nextInt(60));
            }
            return new ResidentChart(resident, List.copyOf(out), deathTime, deathSource);
        }

        // ---------------------------------------------------------------- writing visits

        private void write(Visit v) {
            switch (v.kind()) {
                case FOLLOW_UP -> followUp(v);
                case SPECIALIST -> specialist(v);
                case DIAGNOSIS -> diagnosis(v);
                case OUTPATIENT, EMERGENCY -> episode(v);
                case ADMISSION, TERMINAL -> admission(v);
                case PRENATAL -> prenatal(v);
                case EXAM -> exam(v);
                case VACCINATION -> vaccination(v);
            }
        }

        private void followUp(Visit v) {
            open(v, Department.GENERAL_PRACTICE);
            Disease main = null;
            for (Disease d : VisitScheduler.FOLLOWED_UP) {
                if (known.containsKey(d)) {
                    main = d;
                    break;
                }
            }
            recordKnownFacts();
            LocalDate day = v.at().toLocalDate();
            double systolic = bloodPressure();
            if (random.nextDouble() < 0.5) {
                observe(Measure.HEART_RATE, body.heartRate(day, this, false));
            }
            if (random.nextDouble() < 0.3) {
                observe(Measure.BODY_WEIGHT, body.weight(day, this));
            }
            if (known.containsKey(Disease.DIABETES)) {
                observe(Measure.GLUCOSE, body.glucose(day, this, false));
            }
            if (known.containsKey(Disease.COPD)) {
                observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(day, this, false));
            }
            intensifyBloodPressure(systolic, day);
            refill(null);
            close("慢病随访", main == null ? null : main.concept, Visit.Kind.FOLLOW_UP);
        }

        private void specialist(Visit v) {
            Disease topic = v.topic();
            open(v, topic.department);
            recordKnownFacts();
            LocalDate day = v.at().toLocalDate();
            double systolic = bloodPressure();
            observe(Measure.HEART_RATE, body.heartRate(day, this, false));
            double hba1c = Double.NaN;
            labClock();
            switch (topic) {
                case DIABETES -> {
                    hba1c = observe(Measure.HBA1C, body.hba1c(day, this));
                    observe(Measure.GLUCOSE, body.glucose(day, this, false));
                    observe(Measure.CREATININE, body.creatinine(day, this));
                    lipids(day);
                }
                case HYPERTENSION -> {
                    observe(Measure.CREATININE, body.creatinine(day, this));
                    lipids(day);
                }
                case CORONARY_DISEASE, STROKE, HYPERLIPIDEMIA -> {
                    lipids(day);
                    observe(Measure.ALT, body.alt(day, this));
                }
                case CKD -> {
                    observe(Measure.CREATININE, body.creatinine(day, this));
                    bloodCount(day, false, false, false);
                }
                case ATRIAL_FIBRILLATION -> observe(Measure.INR, body.inr(day, this));
                case COPD -> {
                    observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(day, this, false));
                    if (random.nextDouble() < 0.4) {
                        image(ImagingKind.CHEST_CT, "两肺透亮度增高，肺纹理稀疏，符合慢性阻塞性肺疾病改变。");
                    }
                }
                case ASTHMA -> observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(day, this, false));
                default -> {
                    if (topic.cancer()) {
                        bloodCount(day, false, false, false);
                        tumourMarker(topic, false);
                        if (random.nextDouble() < 0.5) {
                            ImagingKind kind = imagingFor(topic);
                            image(kind, kind.normalConclusion + "术后改变，未见明确复发征象。");
                        }
                    }
                }
            }
            maybeBloodType();
            labReports(null);
            if (topic == Disease.DIABETES && hba1c > 8.0 && takingSince(Drug.INSULIN_GLARGINE, day) == null) {
                LocalDate metformin = takingSince(Drug.METFORMIN, day);
                if (metformin != null && ChronoUnit.DAYS.between(metformin, day) >= 365) {
                    medicines.start(Drug.INSULIN_GLARGINE, Disease.DIABETES, day, null);
                    prescribe(Drug.INSULIN_GLARGINE, Disease.DIABETES, false);
                }
            }
            intensifyBloodPressure(systolic, day);
            refill(topic);
            close("专科门诊", topic.concept, Visit.Kind.SPECIALIST);
        }

        private void diagnosis(Visit v) {
            Disease d = v.topic();
            open(v, d.department);
            recordKnownFacts();
            LocalDate day = v.at().toLocalDate();
            known.put(d, day);
            problem(d, day);
            switch (d) {
                case HYPERTENSION, CORONARY_DISEASE, ATRIAL_FIBRILLATION -> {
                    bloodPressure();
                    observe(Measure.HEART_RATE, body.heartRate(day, this, false));
                    if (d != Disease.HYPERTENSION) {
                        labClock();
                        lipids(day);
                    }
                    if (d == Disease.ATRIAL_FIBRILLATION) {
                        observe(Measure.INR, body.inr(day, this));
                    }
                }
                case DIABETES -> {
                    labClock();
                    observe(Measure.GLUCOSE, body.glucose(day, this, false));
                    observe(Measure.HBA1C, body.hba1c(day, this));
                }
                case HYPERLIPIDEMIA -> {
                    labClock();
                    lipids(day);
                }
                case COPD -> {
                    observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(day, this, false));
                    image(ImagingKind.CHEST_CT, "两肺透亮度增高，肺纹理稀疏，符合慢性阻塞性肺疾病改变。");
                }
                case ASTHMA -> observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(day, this, false));
                case CKD -> {
                    labClock();
                    observe(Measure.CREATININE, body.creatinine(day, this));
                    bloodCount(day, false, false, false);
                }
                default -> {
                    if (d.cancer()) {
                        labClock();
                        bloodCount(day, false, false, false);
                        tumourMarker(d, true);
                        image(imagingFor(d), tumourFinding(d));
                    }
                }
            }
            labReports(null);
            for (Drug drug : medicines.startTreatmentOf(d, day, known)) {
                prescribe(drug, d, false);
            }
            close("门诊", d.concept, Visit.Kind.DIAGNOSIS);
        }

        /** An outpatient or emergency visit for an acute complaint. */
        private void episode(Visit v) {
            Disease d = v.topic();
            boolean emergency = v.kind() == Visit.Kind.EMERGENCY;
            LocalDate day = v.at().toLocalDate();
            int age = resident.ageOn(day);
            SourceCatalog.Source where = catalog.get(v.source());
            boolean clinic = where.kind() == SourceKind.CLINIC;
            Department department = emergency ? Department.EMERGENCY : clinic ? Department.GENERAL_PRACTICE
                    : age < 14 && where.has(Department.PEDIATRICS) ? Department.PEDIATRICS : d.department;
            open(v, department);
            recordKnownFacts();
            boolean bacterial = d == Disease.BRONCHITIS || d == Disease.PNEUMONIA || d == Disease.OTITIS_MEDIA
                    || d == Disease.URINARY_INFECTION;
            boolean viral = d.influenzaLike() || d == Disease.HAND_FOOT_MOUTH || d == Disease.VARICELLA;
            boolean fever = d == Disease.INFLUENZA || d == Disease.FEVER || d == Disease.PNEUMONIA
                    || d == Disease.HAND_FOOT_MOUTH || (viral || bacterial) && random.nextDouble() < 0.5;
            if (viral || bacterial) {
                observe(Measure.BODY_TEMPERATURE, body.temperature(fever));
            }
            if (age >= 14 && (emergency || !clinic && random.nextDouble() < 0.5)) {
                bloodPressure();
                observe(Measure.HEART_RATE, body.heartRate(day, this, fever));
            }
            boolean respiratory = d.influenzaLike() || d == Disease.BRONCHITIS || d == Disease.PNEUMONIA;
            if (emergency && respiratory) {
                observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(day, this, d == Disease.PNEUMONIA));
            }
            if (!clinic) {
                labClock();
                if ((viral || bacterial) && random.nextDouble() < (bacterial ? 0.9 : 0.6)
                        || d == Disease.GASTROENTERITIS && random.nextDouble() < 0.5) {
                    bloodCount(day, bacterial, viral, false);
                }
                if ((d == Disease.INFLUENZA || d == Disease.FEVER) && random.nextDouble() < 0.6) {
                    boolean positive = random.nextDouble() < (d == Disease.INFLUENZA ? 0.85 : 0.1);
                    observeCoded(Measure.FLU_A_ANTIGEN, positive ? POSITIVE : NEGATIVE, positive ? "POS" : "NEG");
                }
                labReports(null);
            }
            switch (d) {
                case CONCUSSION -> image(ImagingKind.HEAD_CT, ImagingKind.HEAD_CT.normalConclusion);
                case RADIUS_FRACTURE -> image(ImagingKind.WRIST_XRAY, "桡骨远端骨皮质断裂，断端轻度移位，考虑桡骨远端骨折。");
                case PNEUMONIA -> image(ImagingKind.CHEST_XRAY, "右下肺野见斑片状模糊影，考虑肺炎。");
                case BRONCHITIS -> {
                    if (!clinic && random.nextDouble() < 0.3) {
                        image(ImagingKind.CHEST_XRAY, "两肺纹理增多、增粗，未见明确实变影。");
                    }
                }
                case FINGER_WOUND -> procedure(Surgery.WOUND_SUTURE, d, clock.plusMinutes(20));
                default -> {
                }
            }
            if (d == Disease.ALLERGIC_REACTION && plan.allergy() != null && allergyAsked.add(v.source())) {
                allergy(plan.allergy());
            }
            acuteCondition(d, day);
            for (Drug drug : medicines.acute(d, age, day)) {
                prescribe(drug, d, false);
            }
            close(emergency ? "急诊" : "门诊", d.concept, v.kind());
        }

        private void admission(Visit v) {
            Disease d = v.topic();
            boolean terminal = v.kind() == Visit.Kind.TERMINAL;
            LocalDate day = v.at().toLocalDate();
            int age = resident.ageOn(day);
            SourceCatalog.Source where = catalog.get(v.source());
            Department department = d == Disease.CHEMOTHERAPY ? Department.ONCOLOGY
                    : age < 14 && where.has(Department.PEDIATRICS) && d.department != Department.GENERAL_SURGERY
                    && d.department != Department.ORTHOPEDICS ? Department.PEDIATRICS : d.department;
            open(v, department);
            recordKnownFacts();
            Disease cancer = plan.cancer();
            // The diagnosis of the stay.
            if (d == Disease.STROKE || d.cancer() || d.chronic) {
                if (!known.containsKey(d)) {
                    known.put(d, day);
                    for (Drug drug : medicines.startTreatmentOf(d, day, known)) {
                        prescribe(drug, d, true);
                    }
                }
                problem(d, day);
            } else {
                acuteCondition(d, day);
                if (d == Disease.CHEMOTHERAPY && cancer != null) {
                    problem(cancer, day);
                }
                if (d == Disease.MYOCARDIAL_INFARCTION && !known.containsKey(Disease.CORONARY_DISEASE)) {
                    known.put(Disease.CORONARY_DISEASE, day);
                    problem(Disease.CORONARY_DISEASE, day);
                }
            }
            for (Drug drug : Drug.values()) {
                LocalDate since = takingSince(drug, day);
                if (since != null && since.isBefore(day) && drug.supplyDays >= 30) {
                    out.add(new ClinicalRecord.MedicationStatement(nextId(), source.index(), encounterId, drug, since,
                            clock));
                }
            }
            maybeBloodTypeBeforeLabs(d);
            int days = v.days();
            LocalDateTime end = v.at().toLocalDate().plusDays(days).atTime(9, 30).plusMinutes(random.nextInt(120));
            LocalDateTime historyEnd = spec.historyEnd().atTime(23, 59);
            if (terminal && plan.death() != null) {
                end = plan.death().atTime(random.nextInt(24), random.nextInt(60));
                if (!end.isAfter(v.at())) {
                    end = v.at().plusHours(6);
                }
            }
            boolean bacterial = d == Disease.PNEUMONIA || d == Disease.APPENDICITIS || d == Disease.CHOLECYSTITIS;
            for (int n = 0; n < days; n++) {
                LocalDateTime morning = n == 0 ? v.at() : day.plusDays(n).atTime(7, 0).plusMinutes(random.nextInt(60));
                if (morning.isAfter(historyEnd) || !morning.isBefore(end)) {
                    break;
                }
                clock = morning;
                LocalDate today = morning.toLocalDate();
                boolean fever = bacterial && n < 3;
                observe(Measure.BODY_TEMPERATURE, body.temperature(fever));
                bloodPressureOn(today);
                if (n == 0 || resident.heavy() || age >= 60) {
                    observe(Measure.HEART_RATE, body.heartRate(today, this, fever));
                }
                if ((d == Disease.PNEUMONIA || d == Disease.COPD) && n % 2 == 0) {
                    observe(Measure.OXYGEN_SATURATION, body.oxygenSaturation(today, this, d == Disease.PNEUMONIA
                            && n < 4));
                }
                if (n == 0) {
                    labClock();
                    bloodCount(today, bacterial, false, d == Disease.CHEMOTHERAPY);
                    observe(Measure.GLUCOSE, body.glucose(today, this, false));
                    observe(Measure.CREATININE, body.creatinine(today, this));
                    observe(Measure.ALT, body.alt(today, this));
                    if (takingSince(Drug.WARFARIN, today) != null || d == Disease.STROKE
                            || d == Disease.MYOCARDIAL_INFARCTION || d.cancer()) {
                        observe(Measure.INR, body.inr(today, this));
                    }
                    if (cancer != null && (d.cancer() || d == Disease.CHEMOTHERAPY)) {
                        tumourMarker(cancer, d.cancer());
                    }
                    maybeBloodType();
                    labReports(null);
                    admissionImaging(d);
                    if (!terminal) {
                        admissionProcedures(d);
                    }
                    for (Drug drug : medicines.inpatient(d, age, today, terminal, known)) {
                        prescribe(drug, d == Disease.CHEMOTHERAPY && cancer != null ? cancer : d, true);
                    }
                } else if (n == days - 2 && days >= 5 || resident.heavy() && n % 3 == 0) {
                    labClock();
                    bloodCount(today, bacterial && n < 3, false, false);
                    if (resident.heavy() || d == Disease.CKD) {
                        observe(Measure.CREATININE, body.creatinine(today, this));
                    }
                    labReports(null);
                }
            }
            if (d.cancer() && !terminal) {
                if (d == Disease.BREAST_CANCER || d == Disease.THYROID_CANCER) {
                    Drug drug = d == Disease.BREAST_CANCER ? Drug.TAMOXIFEN : Drug.LEVOTHYROXINE;
                    if (takingSince(drug, day) == null) {
                        medicines.start(drug, d, day.plusDays(days), null);
                        prescribe(drug, d, false);
                    }
                }
            }
            boolean open = end.isAfter(historyEnd);
            if (terminal) {
                deathTime = end;
                deathSource = source.index();
            }
            closeStay(d, open ? null : end, terminal);
        }

        private void prenatal(Visit v) {
            open(v, Department.OBSTETRICS);
            recordKnownFacts();
            LocalDate day = v.at().toLocalDate();
            HealthPlan.Pregnancy pregnancy = pregnancyOn(day);
            LocalDate delivery = pregnancy != null ? pregnancy.delivery() : day.plusDays(200);
            LocalDateTime resolved = delivery.isAfter(spec.historyEnd()) ? null : delivery.atTime(12, 0);
            if (v.number() == 0 || pregnancyCondition == null) {
                pregnancyCondition = condition(Disease.PREGNANCY, false, pregnancy != null ? pregnancy.conception()
                        : day,
                        resolved);
                diagnoses.add(pregnancyCondition);
            }
            bloodPressure();
            observe(Measure.BODY_WEIGHT, body.weight(day, this));
            switch (v.number()) {
                case 0 -> {
                    labClock();
                    bloodCount(day, false, false, false);
                    maybeBloodType();
                    labReports(null);
                    image(ImagingKind.OBSTETRIC_US, "宫内早孕，可见胎心搏动，头臀长与孕12周相符。");
                    if (takingSince(Drug.FOLIC_ACID, day) == null) {
                        medicines.start(Drug.FOLIC_ACID, Disease.PREGNANCY, day, day.plusDays(120));
                        prescribe(Drug.FOLIC_ACID, Disease.PREGNANCY, false);
                    }
                }
                case 1 -> image(ImagingKind.OBSTETRIC_US, "宫内单活胎，胎儿结构筛查未见明显异常，大小与孕20周相符。");
                case 2 -> {
                    boolean gdm = pregnancy != null && pregnancy.gestationalDiabetes();
                    labClock();
                    observe(Measure.GLUCOSE, body.glucose(day, this, gdm));
                    labReports(gdm ? "口服葡萄糖耐量试验异常，诊断妊娠期糖尿病。" : null);
                    if (gdm) {
                        diagnoses.add(condition(Disease.GESTATIONAL_DIABETES, false, day,
                                resolved == null ? null : resolved.plusDays(1)));
                    }
                }
                default -> {
                }
            }
            close("产前检查", Disease.PREGNANCY.concept, Visit.Kind.PRENATAL);
        }

        private void exam(Visit v) {
            open(v, Department.HEALTH_CHECK);
            recordKnownFacts();
            LocalDate day = v.at().toLocalDate();
            double height = observe(Measure.BODY_HEIGHT, body.height(day));
            double weight = observe(Measure.BODY_WEIGHT, body.weight(day, this));
            double bmi = observe(Measure.BMI, weight / (height / 100) / (height / 100));
            double[] pressure = bloodPressurePair(day);
            observe(Measure.HEART_RATE, body.heartRate(day, this, false));
            labClock();
            double glucose = observe(Measure.GLUCOSE, body.glucose(day, this, false));
            if (known.containsKey(Disease.DIABETES) || glucose >= 6.1) {
                observe(Measure.HBA1C, body.hba1c(day, this));
            }
            double cholesterol = observe(Measure.CHOLESTEROL, body.cholesterol(day, this));
            double ldl = observe(Measure.LDL, body.ldl(cholesterol));
            double creatinine = observe(Measure.CREATININE, body.creatinine(day, this));
            double alt = observe(Measure.ALT, body.alt(day, this));
            double wbc = observe(Measure.WBC, body.whiteCells(false, false, false));
            double hemoglobin = observe(Measure.HEMOGLOBIN, body.hemoglobin(day, this));
            maybeBloodType();
            List<String> findings = new ArrayList<>();
            if (pressure[0] >= 140 || pressure[1] >= 90) {
                findings.add("血压偏高");
            }
            if (glucose >= 6.1) {
                findings.add("空腹血糖偏高");
            }
            if (cholesterol > 5.2) {
                findings.add("总胆固醇偏高");
            }
            if (ldl > 3.4) {
                findings.add("低密度脂蛋白胆固醇偏高");
            }
            if (alt > Measure.ALT.high(resident.male())) {
                findings.add("丙氨酸氨基转移酶偏高");
            }
            if (creatinine > Measure.CREATININE.high(resident.male())) {
                findings.add("肌酐偏高");
            }
            if (hemoglobin < Measure.HEMOGLOBIN.low(resident.male())) {
                findings.add("血红蛋白偏低");
            }
            if (wbc > Measure.WBC.high(resident.male())) {
                findings.add("白细胞计数偏高");
            }
            if (bmi >= 28) {
                findings.add("肥胖");
            } else if (bmi >= 24) {
                findings.add("超重");
            }
            String conclusion = findings.isEmpty() ? "本次体检各项检查未见明显异常。"
                    : "体检发现：" + String.join("；", findings) + "。建议定期复查，必要时专科就诊。";
            List<String> all = new ArrayList<>(chemistry);
            all.addAll(bloodCount);
            chemistry.clear();
            bloodCount.clear();
            if (!all.isEmpty()) {
                report(EXAM_REPORT, all, conclusion);
            }
            if (random.nextDouble() < 0.5) {
                image(ImagingKind.CHEST_XRAY, random.nextDouble() < 0.03 ? "右肺上叶见小结节影，建议胸部CT随访。"
                        : ImagingKind.CHEST_XRAY.normalConclusion);
            }
            if (random.nextDouble() < 0.4) {
                image(ImagingKind.ABDOMEN_US, bmi >= 25 && random.nextDouble() < 0.6 ? "肝实质回声增强，考虑脂肪肝。"
                        : ImagingKind.ABDOMEN_US.normalConclusion);
            }
            if (!resident.male() && random.nextDouble() < 0.25) {
                image(ImagingKind.BREAST_US, ImagingKind.BREAST_US.normalConclusion);
            }
            if (random.nextDouble() < 0.2) {
                image(ImagingKind.THYROID_US, random.nextDouble() < 0.2 ? "甲状腺右叶见约0.6cm低回声结节，TI-RADS 3类。"
                        : ImagingKind.THYROID_US.normalConclusion);
            }
            close("健康体检", Disease.GENERAL_EXAMINATION.concept, Visit.Kind.EXAM);
        }

        private void vaccination(Visit v) {
            open(v, Department.PREVENTIVE_CARE);
            recordKnownFacts();
            for (Visit.Shot shot : v.shots()) {
                clock = clock.plusMinutes(2 + random.nextInt(5));
                String lot = String.format("%d%02d%s%03d", clock.getYear() - (random.nextBoolean() ? 1 : 0),
                        1 + random.nextInt(12), (char) ('A' + random.nextInt(6)), random.nextInt(1000));
                out.add(new ClinicalRecord.Immunization(nextId(), source.index(), encounterId, shot.vaccine(), clock,
                        shot.dose(), lot, practitioner));
            }
            close("预防接种", null, Visit.Kind.VACCINATION);
        }

        // ---------------------------------------------------------------- building blocks

        private void open(Visit v, Department department) {
            visit = v;
            source = catalog.get(v.source());
            encounterId = nextId();
            practitioner = source.clinician(department, random).number();
            placeholder = out.size();
            out.add(null);
            clock = v.at().plusMinutes(3 + random.nextInt(10));
            diagnoses = new ArrayList<>(2);
            chemistry = new ArrayList<>(8);
            bloodCount = new ArrayList<>(2);
        }

        private void close(String typeText, Codes.Concept reason, Visit.Kind kind) {
            ClinicalRecord.EncounterClass encounterClass = kind == Visit.Kind.EMERGENCY
                    ? ClinicalRecord.EncounterClass.EMER
                    : ClinicalRecord.EncounterClass.AMB;
            LocalDateTime end = clock.plusMinutes(kind == Visit.Kind.EMERGENCY ? 60 + random.nextInt(240)
                    : kind == Visit.Kind.EXAM ? 60 + random.nextInt(60) : 8 + random.nextInt(25));
            out.set(placeholder, new ClinicalRecord.Encounter(encounterId, source.index(), encounterClass, typeText,
                    source.clinicians().get(practitioner).department(), visit.at(), end, reason, practitioner, false,
                            false,
                    List.copyOf(diagnoses)));
        }

        private void closeStay(Disease topic, LocalDateTime end, boolean died) {
            boolean emergency = visit.at().getHour() < 8 || visit.at().getHour() >= 17 || topic == Disease.STROKE
                    || topic == Disease.MYOCARDIAL_INFARCTION || topic == Disease.APPENDICITIS
                            || topic == Disease.HIP_FRACTURE;
            out.set(placeholder, new ClinicalRecord.Encounter(encounterId, source.index(),
                    ClinicalRecord.EncounterClass.IMP,
                    "住院", source.clinicians().get(practitioner).department(), visit.at(), end, topic.concept,
                            practitioner,
                    emergency, died, List.copyOf(diagnoses)));
        }

        private String nextId() {
            return Seeds.uuid(spec.seed(), resident.index(), ordinal++);
        }

        /** At a source's first visits, its problem list and allergy record catch up with what is known. */
        private void recordKnownFacts() {
            LocalDate day = visit.at().toLocalDate();
            if (source.kind() != SourceKind.EXAM_CENTER) {
                EnumMap<Disease, String> list = problemLists.computeIfAbsent(source.index(),
                        k -> new EnumMap<>(Disease.class));
                for (Map.Entry<Disease, LocalDate> e : known.entrySet()) {
                    if (!list.containsKey(e.getKey())) {
                        list.put(e.getKey(), condition(e.getKey(), true, e.getValue(), null));
                    }
                }
            }
            HealthPlan.Allergy allergy = plan.allergy();
            if (allergy != null && !allergy.known().isAfter(day) && visit.topic() != Disease.ALLERGIC_REACTION
                    && allergyAsked.add(source.index())) {
                if (random.nextDouble() < (source.kind() == SourceKind.EXAM_CENTER ? 0.4 : 0.85)) {
                    allergy(allergy);
                }
            }
        }

        /** Puts {@code disease} on this source's problem list (once) and names it as a diagnosis of the visit. */
        private void problem(Disease disease, LocalDate onset) {
            EnumMap<Disease, String> list = problemLists.computeIfAbsent(source.index(),
                    k -> new EnumMap<>(Disease.class));
            String id = list.get(disease);
            if (id == null) {
                id = condition(disease, true, onset, null);
                list.put(disease, id);
            }
            diagnoses.add(id);
        }

        private void acuteCondition(Disease disease, LocalDate day) {
            LocalDateTime abatement = day.plusDays(acuteDays(disease)).atTime(12, 0);
            diagnoses.add(condition(disease, false, day, abatement.toLocalDate().isAfter(plan.windowEnd()) ? null
                    : abatement));
        }

        private String condition(Disease disease, boolean problemList, LocalDate onset, LocalDateTime abatement) {
            String status = problemList ? chronicStatus(disease) : abatement == null ? "active" : "resolved";
            String id = nextId();
            out.add(new ClinicalRecord.Condition(id, source.index(), encounterId, disease, problemList, status, onset,
                    problemList ? null : abatement, clock, practitioner));
            return id;
        }

        /** A chronic condition's status as of the end of the history. */
        private String chronicStatus(Disease disease) {
            if (disease == Disease.DEPRESSION) {
                LocalDate stop = medicines.stopsOn(Drug.SERTRALINE);
                return stop != null && !stop.isAfter(spec.historyEnd()) && plan.death() == null ? "remission"
                        : "active";
            }
            if (disease.cancer() && FAVOURABLE_CANCERS.contains(disease) && plan.death() == null) {
                LocalDate onset = plan.onsets().get(disease);
                return onset != null && onset.plusYears(3).isBefore(spec.historyEnd()) ? "remission" : "active";
            }
            return "active";
        }

        private int acuteDays(Disease d) {
            return switch (d) {
                case INFLUENZA, UPPER_RESPIRATORY_INFECTION, GASTROENTERITIS, CONJUNCTIVITIS, HAND_FOOT_MOUTH -> 7;
                case FEVER, ALLERGIC_REACTION -> 3;
                case PNEUMONIA, GASTRITIS, CONCUSSION, APPENDICITIS, UNSTABLE_ANGINA -> 14;
                case BRONCHITIS, DERMATITIS, OTITIS_MEDIA, VARICELLA, FINGER_WOUND, URINARY_INFECTION -> 10;
                case LOW_BACK_PAIN, ANKLE_SPRAIN, CHOLECYSTITIS -> 21;
                case RADIUS_FRACTURE -> 60;
                case HIP_FRACTURE -> 90;
                case MYOCARDIAL_INFARCTION -> 30;
                default -> 5;
            };
        }

        private void allergy(HealthPlan.Allergy allergy) {
            out.add(new ClinicalRecord.AllergyIntolerance(nextId(), source.index(), encounterId, allergy.allergen(),
                    allergy.criticality(), allergy.reaction(), allergy.severity(), allergy.known(), clock,
                            practitioner));
        }

        private double observe(Measure measure, double value) {
            double rounded = measure.round(value);
            String id = nextId();
            out.add(new ClinicalRecord.Observation(id, source.index(), encounterId, measure, clock, rounded, Double.NaN,
                    null, null, resident.male()));
            if (measure.laboratory) {
                (measure == Measure.WBC || measure == Measure.HEMOGLOBIN ? bloodCount : chemistry).add(id);
            }
            return rounded;
        }

        private void observeCoded(Measure measure, Codes.Concept value, String interpretation) {
            String id = nextId();
            out.add(new ClinicalRecord.Observation(id, source.index(), encounterId, measure, clock, Double.NaN,
                    Double.NaN,
                    value, interpretation, resident.male()));
            chemistry.add(id);
        }

        private double bloodPressure() {
            return bloodPressureOn(visit.at().toLocalDate());
        }

        private double bloodPressureOn(LocalDate day) {
            if (resident.ageOn(day) < 14) {
                return Double.NaN;
            }
            return bloodPressurePair(day)[0];
        }

        private double[] bloodPressurePair(LocalDate day) {
            double systolic = Measure.BLOOD_PRESSURE.round(body.systolic(day, this));
            double diastolic = Measure.BLOOD_PRESSURE.round(Math.min(body.diastolic(systolic, day), systolic - 20));
            out.add(new ClinicalRecord.Observation(nextId(), source.index(), encounterId, Measure.BLOOD_PRESSURE, clock,
                    systolic, diastolic, null, null, resident.male()));
            return new double[] {systolic, diastolic};
        }

        private void lipids(LocalDate day) {
            double cholesterol = observe(Measure.CHOLESTEROL, body.cholesterol(day, this));
            observe(Measure.LDL, body.ldl(cholesterol));
        }

        private void bloodCount(LocalDate day, boolean bacterial, boolean viral, boolean chemotherapy) {
            observe(Measure.WBC, body.whiteCells(bacterial, viral, chemotherapy));
            observe(Measure.HEMOGLOBIN, body.hemoglobin(day, this) - (chemotherapy ? 15 : 0));
        }

        private void tumourMarker(Disease cancer, boolean active) {
            if (cancer == Disease.LIVER_CANCER) {
                observe(Measure.AFP, body.afp(active || plan.death() != null));
            } else {
                observe(Measure.CEA, body.cea(active && cancer != Disease.THYROID_CANCER
                        && cancer != Disease.PROSTATE_CANCER));
            }
        }

        /** Samples are drawn a little after the visit starts. */
        private void labClock() {
            clock = clock.plusMinutes(10 + random.nextInt(30));
        }

        private void maybeBloodType() {
            if (!bloodTyped && source.kind() != SourceKind.CLINIC) {
                bloodTyped = true;
                observeCoded(Measure.ABO_GROUP, abo, null);
                observeCoded(Measure.RH_TYPE, rh, null);
            }
        }

        private void maybeBloodTypeBeforeLabs(Disease topic) {
            // Typing and cross-matching come first before surgery and delivery.
            if (topic.cancer() || topic == Disease.CAESAREAN_DELIVERY || topic == Disease.VAGINAL_DELIVERY
                    || topic == Disease.HIP_FRACTURE) {
                maybeBloodType();
            }
        }

        /** Groups the visit's lab results into a blood-count report and a chemistry report. */
        private void labReports(String conclusion) {
            if (!bloodCount.isEmpty()) {
                report(CBC_PANEL, List.copyOf(bloodCount), null);
                bloodCount.clear();
            }
            if (!chemistry.isEmpty()) {
                report(LAB_REPORT, List.copyOf(chemistry), conclusion);
                chemistry.clear();
            }
        }

        private void report(Codes.Concept code, List<String> results, String conclusion) {
            out.add(new ClinicalRecord.DiagnosticReport(nextId(), source.index(), encounterId, code, false, clock,
                    clock.plusMinutes(60 + random.nextInt(120)), List.copyOf(results), null, conclusion, practitioner));
        }

        private void image(ImagingKind kind, String conclusion) {
            String studyId = nextId();
            String studyUid = dicomUid(studyId);
            int total = kind.minInstances + random.nextInt(kind.maxInstances - kind.minInstances + 1);
            List<String> series = new ArrayList<>(kind.series);
            int[] instances = new int[kind.series];
            for (int s = 0; s < kind.series; s++) {
                series.add(studyUid + "." + (s + 1));
                instances[s] = s < kind.series - 1 ? Math.max(1, total / kind.series)
                        : Math.max(1, total - (kind.series - 1) * Math.max(1, total / kind.series));
            }
            int radiologist = source.clinician(Department.RADIOLOGY, random).number();
            LocalDateTime started = clock.plusMinutes(15 + random.nextInt(45));
            out.add(new ClinicalRecord.ImagingStudy(studyId, source.index(), encounterId, kind, started, studyUid,
                    List.copyOf(series), instances, radiologist));
            out.add(new ClinicalRecord.DiagnosticReport(nextId(), source.index(), encounterId, IMAGING_REPORT, true,
                    started,
                    started.plusMinutes(30 + random.nextInt(150)), List.of(), studyId, kind.description + "："
                            + conclusion,
                    radiologist));
        }

        private void procedure(Surgery surgery, Disease reason, LocalDateTime start) {
            out.add(new ClinicalRecord.Procedure(nextId(), source.index(), encounterId, surgery, start,
                    start.plusMinutes(surgery.minutes + random.nextInt(surgery.minutes / 2 + 1)), practitioner,
                            reason));
        }

        private void prescribe(Drug drug, Disease reason, boolean inpatient) {
            LocalDateTime authored = clock.plusMinutes(5);
            LocalDate runsUntil = authored.toLocalDate().plusDays(drug.supplyDays);
            String status;
            if (plan.death() != null && runsUntil.isAfter(plan.death())) {
                status = "stopped";
            } else {
                status = runsUntil.isAfter(spec.historyEnd()) ? "active" : "completed";
            }
            out.add(new ClinicalRecord.MedicationRequest(nextId(), source.index(), encounterId, drug, authored, status,
                    practitioner, reason, inpatient));
        }

        /** Renews the long-term medicines: all of them at the clinic, the specialty's own at a specialist. */
        private void refill(Disease specialty) {
            LocalDate day = visit.at().toLocalDate();
            for (Drug drug : Drug.values()) {
                LocalDate since = takingSince(drug, day);
                // Medicines started at this very visit were prescribed when they were started.
                if (drug.supplyDays < 30 || since == null || since.equals(day)) {
                    continue;
                }
                Disease reason = medicines.reasonOf(drug);
                if (specialty == null || reason == specialty) {
                    prescribe(drug, reason, false);
                }
            }
        }

        private void intensifyBloodPressure(double systolic, LocalDate day) {
            if (!Double.isNaN(systolic) && systolic > 150 && known.containsKey(Disease.HYPERTENSION)
                    && takingSince(Drug.LOSARTAN, day) == null) {
                LocalDate amlodipine = takingSince(Drug.AMLODIPINE, day);
                if (amlodipine != null && ChronoUnit.DAYS.between(amlodipine, day) >= 180) {
                    medicines.start(Drug.LOSARTAN, Disease.HYPERTENSION, day, null);
                    prescribe(Drug.LOSARTAN, Disease.HYPERTENSION, false);
                }
            }
        }

        private void admissionImaging(Disease d) {
            switch (d) {
                case STROKE -> {
                    image(ImagingKind.HEAD_CT, "左侧基底节区见片状低密度影，考虑急性脑梗死。");
                    image(ImagingKind.BRAIN_MR, "左侧基底节区DWI高信号，符合急性脑梗死。");
                }
                case PNEUMONIA -> image(ImagingKind.CHEST_CT, "右肺下叶见斑片状实变影，考虑肺炎。");
                case APPENDICITIS -> image(ImagingKind.ABDOMEN_US, "右下腹阑尾增粗，直径约1.0cm，周围少量渗出，考虑急性阑尾炎。");
                case CHOLECYSTITIS -> image(ImagingKind.ABDOMEN_US, "胆囊壁增厚毛糙，胆囊内见多发强回声伴声影，考虑胆囊结石伴胆囊炎。");
                case HIP_FRACTURE -> image(ImagingKind.HIP_XRAY, "股骨颈骨皮质不连续，断端错位，考虑股骨颈骨折。");
                case RADIUS_FRACTURE -> image(ImagingKind.WRIST_XRAY, "桡骨远端骨皮质断裂，断端移位，考虑桡骨远端骨折。");
                case VAGINAL_DELIVERY, CAESAREAN_DELIVERY -> image(ImagingKind.OBSTETRIC_US, "宫内单活胎，头位，胎儿大小与孕周相符。");
                case COPD -> image(ImagingKind.CHEST_CT, "两肺透亮度增高，肺纹理稀疏，符合慢性阻塞性肺疾病改变。");
                default -> {
                    if (d.cancer()) {
                        image(imagingFor(d), tumourFinding(d));
                    }
                }
            }
        }

        private void admissionProcedures(Disease d) {
            LocalDateTime operation = clock.plusHours(d == Disease.APPENDICITIS || d == Disease.MYOCARDIAL_INFARCTION
                    || d == Disease.CAESAREAN_DELIVERY || d == Disease.VAGINAL_DELIVERY ? 2 : 20 + random.nextInt(30));
            switch (d) {
                case APPENDICITIS -> procedure(Surgery.LAPAROSCOPIC_APPENDECTOMY, d, operation);
                case CHOLECYSTITIS -> procedure(Surgery.LAPAROSCOPIC_CHOLECYSTECTOMY, d, operation);
                case MYOCARDIAL_INFARCTION -> {
                    procedure(Surgery.CORONARY_ANGIOPLASTY, d, operation);
                    procedure(Surgery.DRUG_ELUTING_STENT, d, operation.plusMinutes(40));
                }
                case STROKE -> {
                    if (random.nextDouble() < 0.15) {
                        procedure(Surgery.THROMBOLYSIS, d, clock.plusMinutes(50));
                        prescribe(Drug.ALTEPLASE, d, true);
                    }
                }
                case HIP_FRACTURE -> procedure(Surgery.HIP_HEMIARTHROPLASTY, d, operation);
                case RADIUS_FRACTURE -> procedure(Surgery.RADIUS_FIXATION, d, operation);
                case CAESAREAN_DELIVERY -> procedure(Surgery.CAESAREAN_SECTION, d, operation);
                case VAGINAL_DELIVERY -> procedure(Surgery.ASSISTED_DELIVERY, d, operation);
                case CHEMOTHERAPY -> procedure(Surgery.CHEMOTHERAPY_INFUSION, plan.cancer() == null ? d : plan.cancer(),
                        clock.plusHours(3));
                case LUNG_CANCER -> procedure(Surgery.THORACOSCOPIC_LOBECTOMY, d, operation);
                case STOMACH_CANCER -> procedure(Surgery.PARTIAL_GASTRECTOMY, d, operation);
                case LIVER_CANCER -> procedure(Surgery.PARTIAL_HEPATECTOMY, d, operation);
                case BREAST_CANCER -> procedure(Surgery.MASTECTOMY, d, operation);
                case COLON_CANCER -> procedure(Surgery.HEMICOLECTOMY, d, operation);
                case ESOPHAGEAL_CANCER -> procedure(Surgery.ESOPHAGECTOMY, d, operation);
                case THYROID_CANCER -> procedure(Surgery.THYROIDECTOMY, d, operation);
                case PROSTATE_CANCER -> procedure(Surgery.PROSTATECTOMY, d, operation);
                case CERVICAL_CANCER -> procedure(Surgery.RADICAL_HYSTERECTOMY, d, operation);
                default -> {
                }
            }
        }

        private ImagingKind imagingFor(Disease cancer) {
            return switch (cancer) {
                case LUNG_CANCER, ESOPHAGEAL_CANCER -> ImagingKind.CHEST_CT;
                case BREAST_CANCER -> ImagingKind.BREAST_US;
                case THYROID_CANCER -> ImagingKind.THYROID_US;
                default -> ImagingKind.ABDOMEN_CT;
            };
        }

        private String tumourFinding(Disease cancer) {
            double size = 1.5 + random.nextDouble() * 3.5;
            String cm = String.format("%.1fcm", size);
            return switch (cancer) {
                case LUNG_CANCER -> "右肺上叶见约" + cm + "分叶状肿块，边缘见毛刺，考虑肺癌。";
                case ESOPHAGEAL_CANCER -> "食管中段管壁不规则增厚，长约" + cm + "，考虑食管癌。";
                case STOMACH_CANCER -> "胃窦部胃壁不规则增厚，范围约" + cm + "，考虑胃癌。";
                case LIVER_CANCER -> "肝右叶见约" + cm + "占位，动脉期明显强化，门脉期廓清，考虑肝细胞癌。";
                case COLON_CANCER -> "升结肠肠壁增厚伴肠腔狭窄，范围约" + cm + "，考虑结肠癌。";
                case BREAST_CANCER -> "左乳外上象限见约" + cm + "低回声结节，形态不规则，BI-RADS 4C类。";
                case THYROID_CANCER -> "甲状腺右叶见约" + String.format("%.1fcm", size / 3) + "低回声结节，纵横比>1，TI-RADS 5类。";
                case PROSTATE_CANCER -> "前列腺外周带见异常强化结节，约" + cm + "，考虑前列腺癌。";
                case CERVICAL_CANCER -> "宫颈增大，见约" + cm + "不规则强化肿块，考虑宫颈癌。";
                default -> "见占位性病变，约" + cm + "。";
            };
        }

        private HealthPlan.Pregnancy pregnancyOn(LocalDate day) {
            for (HealthPlan.Pregnancy p : plan.pregnancies()) {
                if (p.on(day)) {
                    return p;
                }
            }
            return null;
        }

        // ---------------------------------------------------------------- Physiology.State

        @Override
        public LocalDate diagnosed(Disease disease) {
            return plan.onsets().get(disease);
        }

        @Override
        public LocalDate takingSince(Drug drug, LocalDate day) {
            return medicines.takingSince(drug, day);
        }

        @Override
        public LocalDate pregnantSince(LocalDate day) {
            HealthPlan.Pregnancy p = pregnancyOn(day);
            return p == null ? null : p.conception();
        }
    }

    /** A DICOM UID under the 2.25 root (UUID-derived), as DICOM PS3.5 allows without a registered root. */
    static String dicomUid(String uuid) {
        return "2.25." + new BigInteger(uuid.replace("-", ""), 16);
    }
}
