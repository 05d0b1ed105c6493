package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Schedules every visit of a resident's history at the source where such a visit happens: diagnoses of chronic
 * diseases at a hospital, follow-up at the community clinic, specialist reviews, acute episodes (clinic, hospital or
 * emergency department), admissions, the cancer pathway (diagnosis, surgery, chemotherapy cycles, reviews),
 * antenatal care and delivery, annual check-ups at the exam centre, vaccinations, and a final stay for those who die in
 * hospital. Every source that knows the resident gets at least one visit.
 */
final class VisitScheduler {

    /**
     * Chronic diseases that put a resident on the community clinic's follow-up list (the national basic public health
     * programme covers hypertension and diabetes; clinics follow the others too), most important first: the first one
     * a resident has is the visit's reason.
     */
    static final List<Disease> FOLLOWED_UP = List.of(Disease.DIABETES, Disease.HYPERTENSION,
            Disease.CORONARY_DISEASE, Disease.STROKE, Disease.CKD, Disease.COPD);

    /** Days between specialist reviews. An EnumMap: iteration order must not change between runs (Map.of's does). */
    private static final EnumMap<Disease, Integer> SPECIALIST_INTERVAL = new EnumMap<>(Map.of(Disease.DIABETES, 240,
            Disease.CKD, 240, Disease.CORONARY_DISEASE, 365, Disease.ATRIAL_FIBRILLATION, 120, Disease.COPD, 540,
            Disease.HYPERTENSION, 540, Disease.STROKE, 540, Disease.ASTHMA, 540, Disease.DEPRESSION, 60));

    private static final Set<Disease> CHEMOTHERAPY_CANCERS = EnumSet.of(Disease.LUNG_CANCER, Disease.STOMACH_CANCER,
            Disease.COLON_CANCER, Disease.BREAST_CANCER, Disease.ESOPHAGEAL_CANCER, Disease.LIVER_CANCER);
    /** Share of patients whose cancer is operable when found. */
    private static final Map<Disease, Double> OPERABLE = Map.of(Disease.LUNG_CANCER, 0.5, Disease.STOMACH_CANCER, 0.6,
            Disease.LIVER_CANCER, 0.4, Disease.BREAST_CANCER, 0.9, Disease.COLON_CANCER, 0.8,
            Disease.ESOPHAGEAL_CANCER, 0.5, Disease.PROSTATE_CANCER, 0.6, Disease.THYROID_CANCER, 0.95,
            Disease.CERVICAL_CANCER, 0.7);

    private final SourceCatalog catalog;

    VisitScheduler(SourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The resident's visits in time order. */
    List<Visit> schedule(Resident resident, HealthPlan plan, CarePlaces places, SplittableRandom random) {
        return new Schedule(resident, plan, places, random).build();
    }

    /** One resident's schedule being built. */
    private final class Schedule {
        private final Resident resident;
        private final HealthPlan plan;
        private final CarePlaces places;
        private final SplittableRandom random;

        Schedule(Resident resident, HealthPlan plan, CarePlaces places, SplittableRandom random) {
            this.resident = resident;
            this.plan = plan;
            this.places = places;
            this.random = random;
        }

        List<Visit> build() {
            List<Visit> visits = new ArrayList<>();
            LocalDate start = plan.windowStart();
            LocalDate end = plan.windowEnd();
            boolean child = resident.ageOn(end) < 16;
            int care = child ? places.childrens() : places.general();

            for (Map.Entry<Disease, LocalDate> e : plan.onsets().entrySet()) {
                Disease d = e.getKey();
                LocalDate onset = e.getValue();
                if (onset.isBefore(start) || onset.isAfter(end)) {
                    if (d.cancer() && onset.isBefore(start)) {
                        series(visits, d, places.oncology(), start, end, 180);
                    }
                    continue;
                }
                if (d == Disease.STROKE) {
                    visits.add(Visit.stay(anytime(onset), places.general(), Visit.Kind.ADMISSION, d,
                            8 + random.nextInt(7)));
                } else if (d.cancer()) {
                    cancerPath(visits, d, onset, end);
                } else if (d != Disease.CORONARY_DISEASE || !plan.coronaryPresentsAsInfarction()) {
                    visits.add(Visit.of(daytime(onset), care, Visit.Kind.DIAGNOSIS, d));
                }
            }
            followUps(visits, start, end);
            for (Map.Entry<Disease, Integer> e : SPECIALIST_INTERVAL.entrySet()) {
                Disease d = e.getKey();
                LocalDate onset = plan.onsets().get(d);
                if (onset == null || onset.isAfter(end)) {
                    continue;
                }
                if (d == Disease.HYPERTENSION && !resident.heavy() && random.nextDouble() < 0.7) {
                    continue;
                }
                // Patients outside managed care see their specialist less often.
                int interval = plan.managed() ? e.getValue() : e.getValue() * 3 / 2;
                LocalDate first = onset.plusDays(60).isAfter(start) ? onset.plusDays(60)
                        : start.plusDays(random.nextInt(interval));
                LocalDate last = d == Disease.DEPRESSION ? onset.plusDays(200) : end;
                series(visits, d, care, first, last.isAfter(end) ? end : last, interval);
            }
            for (HealthPlan.Episode episode : plan.episodes()) {
                episode(visits, episode, child);
            }
            pregnancies(visits);
            exams(visits, start, end);
            vaccinations(visits, start, end);

            LocalDate limit = end;
            Visit terminal = null;
            if (plan.death() != null) {
                if (plan.diesInHospital()) {
                    int stay = 3 + random.nextInt(18);
                    LocalDate admitted = plan.death().minusDays(stay);
                    if (admitted.isBefore(start)) {
                        admitted = start;
                        stay = (int) ChronoUnit.DAYS.between(start, plan.death());
                    }
                    int where = plan.deathCause().cancer() ? places.oncology() : care;
                    terminal = Visit.stay(anytime(admitted), where, Visit.Kind.TERMINAL, plan.deathCause(),
                            Math.max(stay, 1));
                    limit = admitted;
                }
            }
            List<Visit> kept = new ArrayList<>(visits.size() + 4);
            for (Visit v : visits) {
                LocalDate day = v.at().toLocalDate();
                boolean inside = !day.isBefore(start) && (plan.death() == null ? !day.isAfter(end)
                        : day.isBefore(limit));
                if (!inside) {
                    continue;
                }
                if (plan.death() != null && v.kind() == Visit.Kind.ADMISSION
                        && day.plusDays(v.days()).isAfter(limit)) {
                    int days = (int) Math.max(1, ChronoUnit.DAYS.between(day, limit));
                    v = v.withDays(days);
                }
                kept.add(v);
            }
            if (terminal != null) {
                kept.add(terminal);
            }
            ensureEverySourceHasAVisit(kept, start, limit, child);
            kept.sort(Visit.CHRONOLOGICAL);
            return kept;
        }

        private void cancerPath(List<Visit> visits, Disease cancer, LocalDate onset, LocalDate end) {
            visits.add(Visit.of(daytime(onset), places.oncology(), Visit.Kind.DIAGNOSIS, cancer));
            LocalDate next = onset.plusDays(14 + random.nextInt(22));
            if (random.nextDouble() < OPERABLE.get(cancer)) {
                visits.add(Visit.stay(daytime(next), places.oncology(), Visit.Kind.ADMISSION, cancer,
                        8 + random.nextInt(8)));
                next = next.plusDays(28);
            }
            if (CHEMOTHERAPY_CANCERS.contains(cancer)) {
                int cycles = 4 + random.nextInt(3);
                for (int c = 0; c < cycles; c++) {
                    visits.add(new Visit(daytime(next.plusDays(21L * c)), places.oncology(), Visit.Kind.ADMISSION,
                            Disease.CHEMOTHERAPY,
                            2 + random.nextInt(3), c + 1, List.of()));
                }
                next = next.plusDays(21L * cycles);
            }
            series(visits, cancer, places.oncology(), next.plusDays(60), end, 120);
        }

        /** Specialist reviews of {@code disease} at {@code where} every {@code interval} days (±20%). */
        private void series(List<Visit> visits, Disease disease, int where, LocalDate from, LocalDate to,
                int interval) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(Math.round(interval * (0.8
                    + 0.4 * random.nextDouble())))) {
                visits.add(Visit.of(daytime(day), where, Visit.Kind.SPECIALIST, disease));
            }
        }

        /** The community clinic's chronic-disease follow-up: quarterly when managed, monthly for heavy patients. */
        private void followUps(List<Visit> visits, LocalDate start, LocalDate end) {
            LocalDate first = null;
            boolean hypertensionOrDiabetes = false;
            for (Disease d : FOLLOWED_UP) {
                LocalDate onset = plan.onsets().get(d);
                if (onset != null && !onset.isAfter(end)) {
                    LocalDate from = onset.plusDays(14);
                    first = first == null || from.isBefore(first) ? from : first;
                    hypertensionOrDiabetes |= d == Disease.HYPERTENSION || d == Disease.DIABETES;
                }
            }
            if (first == null) {
                return;
            }
            if (first.isBefore(start)) {
                first = start.plusDays(random.nextInt(60));
            }
            int interval = resident.heavy() ? 45 : !plan.managed() ? 365 : hypertensionOrDiabetes ? 105 : 180;
            for (LocalDate day = first; !day.isAfter(end);
                 day = day.plusDays(Math.round(interval * (0.85 + 0.3 * random.nextDouble())))) {
                visits.add(Visit.of(daytime(day), resident.clinic(), Visit.Kind.FOLLOW_UP, null));
            }
        }

        private void episode(List<Visit> visits, HealthPlan.Episode episode, boolean child) {
            Disease d = episode.disease();
            LocalDate day = episode.date();
            int age = resident.ageOn(day);
            int hospital = age < 16 ? places.childrens() : places.general();
            boolean atClinic = random.nextDouble() < 0.5;
            switch (d) {
                case INFLUENZA, UPPER_RESPIRATORY_INFECTION, FEVER -> {
                    double emergency = age < 6 || age >= 70 ? 0.3 : 0.15;
                    if (random.nextDouble() < emergency) {
                        visits.add(Visit.of(anytime(day), hospital, Visit.Kind.EMERGENCY, d));
                    } else {
                        visits.add(Visit.of(daytime(day), random.nextDouble() < 0.55 ? resident.clinic() : hospital,
                                Visit.Kind.OUTPATIENT, d));
                    }
                }
                case PNEUMONIA -> {
                    if ((age < 5 || age >= 65) && random.nextDouble() < 0.7 || resident.heavy()) {
                        visits.add(Visit.stay(anytime(day), hospital, Visit.Kind.ADMISSION, d, 7 + random.nextInt(5)));
                    } else {
                        visits.add(Visit.of(daytime(day), hospital, Visit.Kind.OUTPATIENT, d));
                    }
                }
                case ANKLE_SPRAIN -> visits.add(random.nextBoolean()
                        ? Visit.of(anytime(day), hospital, Visit.Kind.EMERGENCY, d)
                        : Visit.of(daytime(day), hospital, Visit.Kind.OUTPATIENT, d));
                case RADIUS_FRACTURE -> visits.add(random.nextDouble() < 0.4
                        ? Visit.stay(anytime(day), hospital, Visit.Kind.ADMISSION, d, 4 + random.nextInt(3))
                        : Visit.of(anytime(day), hospital, Visit.Kind.EMERGENCY, d));
                case CONCUSSION, FINGER_WOUND, ALLERGIC_REACTION ->
                        visits.add(Visit.of(anytime(day), hospital, Visit.Kind.EMERGENCY, d));
                case HIP_FRACTURE -> visits.add(Visit.stay(anytime(day), places.general(), Visit.Kind.ADMISSION, d,
                        10 + random.nextInt(5)));
                case APPENDICITIS -> visits.add(Visit.stay(anytime(day), hospital, Visit.Kind.ADMISSION, d,
                        3 + random.nextInt(3)));
                case CHOLECYSTITIS -> visits.add(Visit.stay(daytime(day), places.general(), Visit.Kind.ADMISSION, d,
                        4 + random.nextInt(4)));
                case MYOCARDIAL_INFARCTION -> visits.add(Visit.stay(anytime(day), places.general(),
                        Visit.Kind.ADMISSION, d, 5 + random.nextInt(4)));
                case UNSTABLE_ANGINA, CKD -> visits.add(Visit.stay(anytime(day), places.general(),
                        Visit.Kind.ADMISSION, d, 6 + random.nextInt(4)));
                case GASTROENTERITIS -> visits.add(age < 6 && random.nextDouble() < 0.2
                        ? Visit.of(anytime(day), hospital, Visit.Kind.EMERGENCY, d)
                        : Visit.of(daytime(day), atClinic ? resident.clinic() : hospital, Visit.Kind.OUTPATIENT, d));
                default -> visits.add(Visit.of(daytime(day), atClinic ? resident.clinic() : hospital,
                        Visit.Kind.OUTPATIENT, d));
            }
        }

        /** Five antenatal visits (12, 20, 26, 32 and 36 weeks) and the delivery,
                at the maternity hospital when they use one. */
        private void pregnancies(List<Visit> visits) {
            int[] weeks = {12, 20, 26, 32, 36};
            for (HealthPlan.Pregnancy pregnancy : plan.pregnancies()) {
                for (int n = 0; n < weeks.length; n++) {
                    LocalDate day = pregnancy.conception().plusDays(weeks[n] * 7L + random.nextInt(7) - 3);
                    visits.add(new Visit(daytime(day), places.maternity(), Visit.Kind.PRENATAL, Disease.PREGNANCY, 0,
                            n, List.of()));
                }
                Disease delivery = random.nextDouble() < 0.38 ? Disease.CAESAREAN_DELIVERY : Disease.VAGINAL_DELIVERY;
                visits.add(Visit.stay(anytime(pregnancy.delivery()), places.maternity(), Visit.Kind.ADMISSION, delivery,
                        delivery == Disease.CAESAREAN_DELIVERY ? 5 : 3));
            }
        }

        private void exams(List<Visit> visits, LocalDate start, LocalDate end) {
            if (resident.examCenter() < 0) {
                return;
            }
            for (int year = start.getYear(); year <= end.getYear(); year++) {
                if (random.nextDouble() < 0.75) {
                    LocalDate day = LocalDate.of(year, 3, 1).plusDays(random.nextInt(270));
                    if (!day.isBefore(start) && !day.isAfter(end)) {
                        visits.add(new Visit(day.atTime(7, 30).plusMinutes(random.nextInt(120)), resident.examCenter(),
                                Visit.Kind.EXAM, Disease.GENERAL_EXAMINATION, 0, 0, List.of()));
                    }
                }
            }
        }

        /** China's childhood immunisation schedule, autumn influenza vaccination, COVID-19 in 2021, PPV23 and HPV. */
        private void vaccinations(List<Visit> visits, LocalDate start, LocalDate end) {
            TreeMap<LocalDate, List<Visit.Shot>> byDay = new TreeMap<>();
            LocalDate birth = resident.birthDate();
            boolean pcv = random.nextDouble() < 0.3;
            boolean varicella = random.nextDouble() < 0.7;
            Object[][] schedule = {
                    {0, new Visit.Shot[] {new Visit.Shot(Vaccine.HEPATITIS_B, 1), new Visit.Shot(Vaccine.BCG, 1)}},
                    {30, new Visit.Shot[] {new Visit.Shot(Vaccine.HEPATITIS_B, 2)}},
                    {60, new Visit.Shot[] {new Visit.Shot(Vaccine.POLIO_INACTIVATED, 1)}},
                    {90, new Visit.Shot[] {new Visit.Shot(Vaccine.POLIO_INACTIVATED, 2), new Visit.Shot(Vaccine.DTAP,
                            1),
                            new Visit.Shot(Vaccine.PNEUMOCOCCAL_CONJUGATE, 1)}},
                    {120, new Visit.Shot[] {new Visit.Shot(Vaccine.DTAP, 2),
                            new Visit.Shot(Vaccine.PNEUMOCOCCAL_CONJUGATE, 2)}},
                    {150, new Visit.Shot[] {new Visit.Shot(Vaccine.DTAP, 3),
                            new Visit.Shot(Vaccine.PNEUMOCOCCAL_CONJUGATE, 3)}},
                    {180, new Visit.Shot[] {new Visit.Shot(Vaccine.HEPATITIS_B, 3)}},
                    {240, new Visit.Shot[] {new Visit.Shot(Vaccine.MMR, 1)}},
                    {365, new Visit.Shot[] {new Visit.Shot(Vaccine.VARICELLA, 1),
                            new Visit.Shot(Vaccine.PNEUMOCOCCAL_CONJUGATE, 4)}},
                    {545, new Visit.Shot[] {new Visit.Shot(Vaccine.DTAP, 4), new Visit.Shot(Vaccine.MMR, 2),
                            new Visit.Shot(Vaccine.HEPATITIS_A, 1)}}};
            for (Object[] row : schedule) {
                int offset = (Integer) row[0];
                LocalDate day = birth.plusDays(offset + (offset == 0 ? random.nextInt(2) : random.nextInt(8)));
                for (Visit.Shot shot : (Visit.Shot[]) row[1]) {
                    if (shot.vaccine() == Vaccine.PNEUMOCOCCAL_CONJUGATE && !pcv
                            || shot.vaccine() == Vaccine.VARICELLA && !varicella) {
                        continue;
                    }
                    addShot(byDay, day, shot, start, end);
                }
            }
            for (int year = start.getYear(); year <= end.getYear(); year++) {
                LocalDate day = LocalDate.of(year, 10, 1).plusDays(random.nextInt(61));
                double age = ChronoUnit.DAYS.between(birth, day) / 365.25;
                double rate = age >= 0.5 && age < 9 ? 0.3 : age >= 60 ? (resident.heavy() ? 0.6 : 0.25) : 0.04;
                if (random.nextDouble() < rate) {
                    Vaccine flu = year < 2018 ? (random.nextDouble() < 0.3
                            ? Vaccine.INFLUENZA_TRIVALENT_PRESERVATIVE_FREE
                            : Vaccine.INFLUENZA_TRIVALENT)
                            : random.nextDouble() < 0.7 ? Vaccine.INFLUENZA_QUADRIVALENT
                                    : Vaccine.INFLUENZA_TRIVALENT_PRESERVATIVE_FREE;
                    addShot(byDay, day, new Visit.Shot(flu, 1), start, end);
                }
            }
            int ageIn2021 = resident.ageOn(LocalDate.of(2021, 7, 1));
            if (ageIn2021 >= 3 && random.nextDouble() < (ageIn2021 >= 80 ? 0.6 : 0.9)) {
                Vaccine covid = random.nextDouble() < 0.55 ? Vaccine.COVID_SINOVAC : Vaccine.COVID_SINOPHARM;
                LocalDate first = ageIn2021 < 18 ? LocalDate.of(2021, 7, 15).plusDays(random.nextInt(90))
                        : LocalDate.of(2021, 3, 15).plusDays(random.nextInt(170));
                LocalDate second = first.plusDays(21 + random.nextInt(36));
                addShot(byDay, first, new Visit.Shot(covid, 1), start, end);
                addShot(byDay, second, new Visit.Shot(covid, 2), start, end);
                if (ageIn2021 >= 18 && random.nextDouble() < 0.7) {
                    LocalDate booster = second.plusDays(180);
                    if (booster.isBefore(LocalDate.of(2021, 10, 15))) {
                        booster = LocalDate.of(2021, 10, 15);
                    }
                    addShot(byDay, booster.plusDays(random.nextInt(120)), new Visit.Shot(covid, 3), start, end);
                }
            }
            LocalDate sixty = birth.plusYears(60);
            if (random.nextDouble() < 0.08 && sixty.isBefore(end)) {
                LocalDate from = sixty.isAfter(start) ? sixty : start;
                long span = ChronoUnit.DAYS.between(from, end);
                if (span > 0) {
                    addShot(byDay, from.plusDays(random.nextInt((int) Math.min(span, Integer.MAX_VALUE))),
                            new Visit.Shot(Vaccine.PNEUMOCOCCAL_POLYSACCHARIDE, 1), start, end);
                }
            }
            int ageIn2019 = resident.ageOn(LocalDate.of(2019, 6, 1));
            if (!resident.male() && ageIn2019 >= 16 && ageIn2019 <= 26 && random.nextDouble() < 0.08) {
                LocalDate first = LocalDate.of(2019, 6, 1).plusDays(random.nextInt(900));
                addShot(byDay, first, new Visit.Shot(Vaccine.HPV_9VALENT, 1), start, end);
                addShot(byDay, first.plusDays(60), new Visit.Shot(Vaccine.HPV_9VALENT, 2), start, end);
                addShot(byDay, first.plusDays(180), new Visit.Shot(Vaccine.HPV_9VALENT, 3), start, end);
            }
            for (Map.Entry<LocalDate, List<Visit.Shot>> e : byDay.entrySet()) {
                LocalDateTime at = e.getKey().atTime(8, 30).plusMinutes(random.nextInt(420));
                visits.add(new Visit(at, resident.clinic(), Visit.Kind.VACCINATION, null, 0, 0,
                        List.copyOf(e.getValue())));
            }
        }

        private void addShot(TreeMap<LocalDate, List<Visit.Shot>> byDay, LocalDate day, Visit.Shot shot,
                LocalDate start, LocalDate end) {
            if (!day.isBefore(start) && !day.isAfter(end)) {
                byDay.computeIfAbsent(day, k -> new ArrayList<>()).add(shot);
            }
        }

        /** Every source that knows the resident holds at least one visit: a minor complaint, or a check-up. */
        private void ensureEverySourceHasAVisit(List<Visit> visits, LocalDate start, LocalDate limit, boolean child) {
            Set<Integer> covered = new HashSet<>();
            for (Visit v : visits) {
                covered.add(v.source());
            }
            long span = ChronoUnit.DAYS.between(start, limit);
            for (int s : resident.sources()) {
                if (covered.contains(s)) {
                    continue;
                }
                LocalDate day = span > 0 ? start.plusDays(random.nextInt((int) Math.min(span, Integer.MAX_VALUE)))
                        : start;
                SourceCatalog.Source where = catalog.get(s);
                if (where.kind() == SourceKind.EXAM_CENTER) {
                    visits.add(new Visit(day.atTime(8, 0).plusMinutes(random.nextInt(90)), s, Visit.Kind.EXAM,
                            Disease.GENERAL_EXAMINATION, 0, 0, List.of()));
                    continue;
                }
                Disease topic = switch (where.specialty()) {
                    case MATERNITY -> Disease.URINARY_INFECTION;
                    case ONCOLOGY -> Disease.GASTRITIS;
                    case CHILDREN -> Disease.OTITIS_MEDIA;
                    case GENERAL -> child ? Disease.CONJUNCTIVITIS : where.kind() == SourceKind.CLINIC
                            ? Disease.DERMATITIS : Disease.GASTRITIS;
                };
                visits.add(Visit.of(daytime(day), s, Visit.Kind.OUTPATIENT, topic));
            }
        }

        private LocalDateTime daytime(LocalDate day) {
            int minute = random.nextDouble() < 0.6 ? 8 * 60 + random.nextInt(210) : 13 * 60 + 30 + random.nextInt(200);
            return day.atTime(minute / 60, minute % 60);
        }

        private LocalDateTime anytime(LocalDate day) {
            int minute = random.nextInt(24 * 60);
            return day.atTime(minute / 60, minute % 60);
        }
    }
}
