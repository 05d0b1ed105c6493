package org.cityhealth.synthetic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The city's institutions: hospitals (general, children's, maternity, oncology), community health centres with the
 * contiguous block of residents each serves, and the exam centre; with their practitioners, Organization ids and the
 * patient-id scheme each uses. Built from the spec alone, identical on every run.
 *
 * <p>Residents are numbered community by community: clinic {@code c} serves residents
 * {@code [clinicStart(c), clinicStart(c+1))}. That lets exports close a clinic's files as soon as its block is done.
 */
final class SourceCatalog {

    enum Specialty { GENERAL, CHILDREN, MATERNITY, ONCOLOGY }

    /** One institution. {@code index} is its position in {@link #all()}: hospitals, then clinics,
            then the exam centre. */
    record Source(int index, SyntheticSource info, Geography.District district, Specialty specialty, boolean tertiary,
                  String organizationId, List<Clinician> clinicians, long idMultiplier, long idOffset) {

        String code() {
            return info.code();
        }

        SourceKind kind() {
            return info.kind();
        }

        /** A practitioner of {@code department}, or the source's first clinician when it has none. */
        Clinician clinician(Department department, SplittableRandom random) {
            int count = 0;
            for (Clinician c : clinicians) {
                if (c.department() == department) {
                    count++;
                }
            }
            if (count == 0) {
                return clinicians.getFirst();
            }
            int pick = random.nextInt(count);
            for (Clinician c : clinicians) {
                if (c.department() == department && pick-- == 0) {
                    return c;
                }
            }
            throw new AssertionError();
        }

        boolean has(Department department) {
            for (Clinician c : clinicians) {
                if (c.department() == department) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A practitioner of one source. {@code number} is its index in the source's list. */
    record Clinician(int number, String id, String identifier, String family, String given, boolean male,
                     Department department) {
    }

    private record HospitalTemplate(String name, String level, String district, Specialty specialty) {
    }

    /** The first hospitals, in the order a growing city gets them: big general hospitals first, then specialties. */
    private static final List<HospitalTemplate> LANDMARK_HOSPITALS = List.of(
            new HospitalTemplate("杭州市第一人民医院", "三级甲等", "330102", Specialty.GENERAL),
            new HospitalTemplate("杭州市第二人民医院", "三级甲等", "330105", Specialty.GENERAL),
            new HospitalTemplate("西湖区人民医院", "二级甲等", "330106", Specialty.GENERAL),
            new HospitalTemplate("杭州市儿童医院", "三级甲等", "330105", Specialty.CHILDREN),
            new HospitalTemplate("杭州市妇产科医院", "三级甲等", "330102", Specialty.MATERNITY),
            new HospitalTemplate("萧山区第一人民医院", "三级乙等", "330109", Specialty.GENERAL),
            new HospitalTemplate("余杭区第一人民医院", "三级乙等", "330110", Specialty.GENERAL),
            new HospitalTemplate("杭州市肿瘤医院", "三级甲等", "330106", Specialty.ONCOLOGY),
            new HospitalTemplate("杭州市中医院", "三级甲等", "330106", Specialty.GENERAL),
            new HospitalTemplate("滨江区人民医院", "二级甲等", "330108", Specialty.GENERAL),
            new HospitalTemplate("临平区第一人民医院", "三级乙等", "330113", Specialty.GENERAL),
            new HospitalTemplate("钱塘区人民医院", "二级甲等", "330114", Specialty.GENERAL),
            new HospitalTemplate("富阳区第一人民医院", "三级乙等", "330111", Specialty.GENERAL),
            new HospitalTemplate("临安区第一人民医院", "三级乙等", "330112", Specialty.GENERAL),
            new HospitalTemplate("杭州市第三人民医院", "三级甲等", "330102", Specialty.GENERAL));

    /** Name patterns for further district hospitals, applied district by district. */
    private static final String[][] DISTRICT_HOSPITAL_PATTERNS = {
            {"第二人民医院", "二级甲等", "GENERAL"}, {"第三人民医院", "二级乙等", "GENERAL"}, {"中医院", "二级甲等", "GENERAL"},
            {"妇幼保健院", "二级甲等", "MATERNITY"}, {"中西医结合医院", "二级乙等", "GENERAL"}, {"第四人民医院", "二级乙等", "GENERAL"}};

    private static final Set<Department> GENERAL_DEPARTMENTS = EnumSet.of(Department.EMERGENCY, Department.CARDIOLOGY,
            Department.ENDOCRINOLOGY, Department.RESPIRATORY, Department.NEUROLOGY, Department.NEPHROLOGY,
            Department.GASTROENTEROLOGY, Department.ONCOLOGY, Department.GENERAL_SURGERY, Department.ORTHOPEDICS,
            Department.OBSTETRICS, Department.PEDIATRICS, Department.INFECTIOUS, Department.PSYCHIATRY,
                    Department.RADIOLOGY);
    private static final Set<Department> CHILDREN_DEPARTMENTS = EnumSet.of(Department.PEDIATRICS, Department.EMERGENCY,
            Department.RESPIRATORY, Department.GENERAL_SURGERY, Department.ORTHOPEDICS, Department.INFECTIOUS,
            Department.RADIOLOGY);
    private static final Set<Department> MATERNITY_DEPARTMENTS = EnumSet.of(Department.OBSTETRICS, Department.EMERGENCY,
            Department.GENERAL_SURGERY, Department.PEDIATRICS, Department.RADIOLOGY);
    private static final Set<Department> ONCOLOGY_DEPARTMENTS = EnumSet.of(Department.ONCOLOGY,
            Department.GENERAL_SURGERY,
            Department.RESPIRATORY, Department.GASTROENTEROLOGY, Department.EMERGENCY, Department.RADIOLOGY);

    private final List<Source> all;
    private final List<Source> hospitals;
    private final List<Source> clinics;
    private final Source examCenter;
    /** clinicStart[c] is the first resident of clinic c; clinicStart[clinics] is the number of residents. */
    private final int[] clinicStart;

    SourceCatalog(CitySpec spec) {
        long seed = spec.seed();
        List<Source> list = new ArrayList<>();
        List<HospitalTemplate> hospitalTemplates = hospitalTemplates(spec.hospitals());
        for (int h = 0; h < spec.hospitals(); h++) {
            HospitalTemplate t = hospitalTemplates.get(h);
            String code = String.format("H%03d", h + 1);
            Set<Department> departments = switch (t.specialty()) {
                case GENERAL -> GENERAL_DEPARTMENTS;
                case CHILDREN -> CHILDREN_DEPARTMENTS;
                case MATERNITY -> MATERNITY_DEPARTMENTS;
                case ONCOLOGY -> ONCOLOGY_DEPARTMENTS;
            };
            list.add(source(seed, list.size(), new SyntheticSource(code, t.name(), t.level(),
                    district(t.district()).name(),
                    SourceKind.HOSPITAL), district(t.district()), t.specialty(), t.level().startsWith("三级"),
                    new ArrayList<>(departments)));
        }
        List<Geography.District> clinicDistricts = clinicDistricts(spec.clinics());
        int[] streetUse = new int[Geography.DISTRICTS.size()];
        for (int c = 0; c < spec.clinics(); c++) {
            Geography.District d = clinicDistricts.get(c);
            int used = streetUse[Geography.DISTRICTS.indexOf(d)]++;
            String name;
            if (used < d.streets().size()) {
                name = d.name() + d.streets().get(used) + "社区卫生服务中心";
            } else {
                String road = d.roads().get((used - d.streets().size()) % d.roads().size());
                int round = (used - d.streets().size()) / d.roads().size();
                name = d.name() + road + (round == 0 ? "" : chineseNumber(round + 1)) + "社区卫生服务中心";
            }
            String code = String.format("C%03d", c + 1);
            list.add(source(seed, list.size(), new SyntheticSource(code, name, "一级甲等", d.name(), SourceKind.CLINIC), d,
                    Specialty.GENERAL, false, List.of(Department.GENERAL_PRACTICE, Department.GENERAL_PRACTICE,
                            Department.GENERAL_PRACTICE, Department.PREVENTIVE_CARE)));
        }
        Geography.District examDistrict = Geography.DISTRICTS.getFirst();
        list.add(source(seed, list.size(), new SyntheticSource("E001", "杭州市健康体检中心", "未定级", examDistrict.name(),
                SourceKind.EXAM_CENTER), examDistrict, Specialty.GENERAL, false, List.of(Department.HEALTH_CHECK,
                Department.HEALTH_CHECK, Department.HEALTH_CHECK, Department.RADIOLOGY)));
        all = List.copyOf(list);
        hospitals = all.subList(0, spec.hospitals());
        clinics = all.subList(spec.hospitals(), spec.hospitals() + spec.clinics());
        examCenter = all.getLast();
        clinicStart = clinicBlocks(spec, clinics);
    }

    List<Source> all() {
        return all;
    }

    List<Source> hospitals() {
        return hospitals;
    }

    List<Source> clinics() {
        return clinics;
    }

    Source examCenter() {
        return examCenter;
    }

    Source get(int index) {
        return all.get(index);
    }

    /** The clinic serving resident {@code index}. */
    Source clinicOf(int index) {
        int low = 0;
        int high = clinics.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (clinicStart[middle] <= index) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return clinics.get(low);
    }

    /** The last resident of the block of {@code clinic} (exclusive end), so writers can close its output. */
    int clinicEnd(Source clinic) {
        return clinicStart[clinic.index() - hospitals.size() + 1];
    }

    int clinicBegin(Source clinic) {
        return clinicStart[clinic.index() - hospitals.size()];
    }

    List<SyntheticSource> infos() {
        List<SyntheticSource> out = new ArrayList<>(all.size());
        for (Source s : all) {
            out.add(s.info());
        }
        return Collections.unmodifiableList(out);
    }

    /** The source's own id for resident {@code index}: a different, stable scheme per source, unique within it. */
    String patientId(Source source, int index) {
        return switch (source.kind()) {
            case HOSPITAL -> switch (source.index() % 3) {
                case 0 -> source.code() + "-" + String.format("%07d", scrambled(source, index, 10_000_000L));
                case 1 -> source.code() + "-MR-" + String.format("%08d", scrambled(source, index, 100_000_000L));
                default -> source.code() + "." + String.format("%07d", scrambled(source, index, 10_000_000L));
            };
            case CLINIC -> source.code() + "-" + medicalRecordNumber(source, index);
            case EXAM_CENTER -> source.code() + "-TJ" + String.format("%08d", scrambled(source, index, 100_000_000L));
        };
    }

    /**
     * The number the source prints on its records (病案号, 健康档案编号, 体检号): the local part of its patient id. A
     * community health record number is the sub-district code plus a serial number, as in the national standard.
     */
    String medicalRecordNumber(Source source, int index) {
        return switch (source.kind()) {
            case HOSPITAL -> switch (source.index() % 3) {
                case 0 -> String.format("%07d", scrambled(source, index, 10_000_000L));
                case 1 -> "MR" + String.format("%08d", scrambled(source, index, 100_000_000L));
                default -> String.format("%07d", scrambled(source, index, 10_000_000L));
            };
            case CLINIC -> {
                int street = 1 + source.district().streets().indexOf(streetOf(source));
                int serial = index - clinicBegin(source) + 1;
                yield source.district().code() + String.format("%03d", Math.max(street, 0)) + "000"
                        + String.format("%05d", serial);
            }
            case EXAM_CENTER -> "TJ" + String.format("%08d", scrambled(source, index, 100_000_000L));
        };
    }

    private static String streetOf(Source clinic) {
        for (String street : clinic.district().streets()) {
            if (clinic.info().name().startsWith(clinic.district().name() + street)) {
                return street;
            }
        }
        return "";
    }

    /** An affine bijection of [0, modulus): multiplier coprime to 10, so numbers look random but never collide. */
    private static long scrambled(Source source, int index, long modulus) {
        return Math.floorMod(source.idMultiplier() * index + source.idOffset(), modulus);
    }

    private static Source source(long seed, int index, SyntheticSource info, Geography.District district,
            Specialty specialty,
                                 boolean tertiary, List<Department> departments) {
        SplittableRandom random = Seeds.random(seed, Seeds.Stream.PRACTITIONER, index);
        List<Clinician> clinicians = new ArrayList<>(departments.size());
        for (int p = 0; p < departments.size(); p++) {
            boolean male = random.nextDouble() < 0.48;
            int birthYear = 1960 + random.nextInt(35);
            NameGenerator.Name name = NameGenerator.name(male, birthYear, random);
            clinicians.add(new Clinician(p, Seeds.uuid(seed, -2L - index, p), String.format("D%04d", p + 1),
                    name.family(), name.given(), male, departments.get(p)));
        }
        long multiplier = 1 + 2 * (long) random.nextInt(1_000_000);
        if (multiplier % 5 == 0) {
            multiplier += 2;
        }
        long offset = random.nextInt(10_000_000);
        return new Source(index, info, district, specialty, tertiary, Seeds.uuid(seed, -1L, index),
                List.copyOf(clinicians), multiplier, offset);
    }

    private static Geography.District district(String code) {
        for (Geography.District d : Geography.DISTRICTS) {
            if (d.code().equals(code)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown district " + code);
    }

    private static List<HospitalTemplate> hospitalTemplates(int count) {
        List<HospitalTemplate> out = new ArrayList<>(LANDMARK_HOSPITALS.subList(0, Math.min(count,
                LANDMARK_HOSPITALS.size())));
        for (int round = 0; out.size() < count; round++) {
            for (Geography.District d : Geography.DISTRICTS) {
                if (out.size() == count) {
                    break;
                }
                String[] pattern;
                String name;
                if (round < DISTRICT_HOSPITAL_PATTERNS.length) {
                    pattern = DISTRICT_HOSPITAL_PATTERNS[round];
                    name = d.name() + pattern[0];
                } else {
                    pattern = new String[] {"", "二级乙等", "GENERAL"};
                    name = d.name() + "第" + chineseNumber(round - DISTRICT_HOSPITAL_PATTERNS.length + 5) + "人民医院";
                }
                out.add(new HospitalTemplate(name, pattern[1], d.code(), Specialty.valueOf(pattern[2])));
            }
        }
        return out;
    }

    /** Districts of the clinics: the urban core first for small cities, then by population (largest remainder). */
    private static List<Geography.District> clinicDistricts(int count) {
        List<Geography.District> districts = Geography.DISTRICTS;
        int[] perDistrict = new int[districts.size()];
        if (count <= districts.size()) {
            for (int i = 0; i < count; i++) {
                perDistrict[i] = 1;
            }
        } else {
            double total = districts.stream().mapToInt(Geography.District::population).sum();
            int assigned = 0;
            double[] remainder = new double[districts.size()];
            for (int i = 0; i < districts.size(); i++) {
                double quota = 1 + (count - districts.size()) * districts.get(i).population() / total;
                perDistrict[i] = (int) quota;
                remainder[i] = quota - perDistrict[i];
                assigned += perDistrict[i];
            }
            while (assigned < count) {
                int best = 0;
                for (int i = 1; i < remainder.length; i++) {
                    if (remainder[i] > remainder[best]) {
                        best = i;
                    }
                }
                perDistrict[best]++;
                remainder[best] = -1;
                assigned++;
            }
        }
        List<Geography.District> out = new ArrayList<>(count);
        for (int i = 0; i < districts.size(); i++) {
            for (int k = 0; k < perDistrict[i]; k++) {
                out.add(districts.get(i));
            }
        }
        return out;
    }

    /** Blocks of residents per clinic, sized by the district's population shared among its clinics, ±25%. */
    private static int[] clinicBlocks(CitySpec spec, List<Source> clinics) {
        SplittableRandom random = Seeds.random(spec.seed(), Seeds.Stream.CITY, 1);
        double[] weight = new double[clinics.size()];
        double total = 0;
        for (int c = 0; c < clinics.size(); c++) {
            Geography.District d = clinics.get(c).district();
            long sameDistrict = clinics.stream().filter(s -> s.district() == d).count();
            weight[c] = d.population() / (double) sameDistrict * (0.75 + 0.5 * random.nextDouble());
            total += weight[c];
        }
        int[] start = new int[clinics.size() + 1];
        double running = 0;
        for (int c = 0; c < clinics.size(); c++) {
            start[c] = (int) Math.round(spec.residents() * running / total);
            running += weight[c];
        }
        start[clinics.size()] = spec.residents();
        return start;
    }

    static String chineseNumber(int n) {
        String digits = "零一二三四五六七八九";
        if (n < 10) {
            return String.valueOf(digits.charAt(n));
        }
        if (n < 20) {
            return "十" + (n % 10 == 0 ? "" : String.valueOf(digits.charAt(n % 10)));
        }
        return digits.charAt(n / 10) + "十" + (n % 10 == 0 ? "" : String.valueOf(digits.charAt(n % 10)));
    }
}
