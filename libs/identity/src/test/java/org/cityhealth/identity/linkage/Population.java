package org.cityhealth.identity.linkage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.identity.Sex;

/**
 * A synthetic population for tests: people with Chinese names, birth dates, resident IDs, phones and districts, each
 * registered one to four times with the errors registration desks make (homophones, traditional characters,
 * day/month swaps, mistyped and legacy IDs, missing fields, new phones, moves), and a few twins.
 */
final class Population {

    record Person(int number, String family, String given, LocalDate birth, Sex sex, String phone, String district,
                  ResidentId residentId, String passport, int twinOf) {
    }

    /** A raw record and the person it truly belongs to. */
    record Entry(RawIdentity raw, int person) {
    }

    static final List<String> FAMILIES = List.of("张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙",
            "胡", "朱", "高", "林", "何", "郭", "马", "罗", "欧阳", "司马", "诸葛");
    static final List<String> GIVEN = List.of("伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
            "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂", "文", "华", "建", "国", "志", "红", "玉", "兰", "春",
            "海", "燕", "晶", "鑫", "宇", "浩", "婷", "晓", "东", "修");
    static final List<String> REGIONS = List.of("310101", "310104", "310105", "310106", "310107", "310109", "310110",
            "310112", "310113", "310115");
    static final List<String> DISTRICTS = List.of("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区",
            "闵行区", "宝山区", "浦东新区");
    /** Simplified → traditional, for the characters above that have a traditional form. */
    static final Map<Character, Character> TRADITIONAL = Map.ofEntries(Map.entry('张', '張'), Map.entry('陈', '陳'),
            Map.entry('杨', '楊'), Map.entry('黄', '黃'), Map.entry('赵', '趙'), Map.entry('刘', '劉'), Map.entry('伟', '偉'),
            Map.entry('华', '華'), Map.entry('国', '國'), Map.entry('强', '強'), Map.entry('欧', '歐'), Map.entry('阳', '陽'),
            Map.entry('马', '馬'), Map.entry('孙', '孫'), Map.entry('吴', '吳'), Map.entry('罗', '羅'), Map.entry('丽', '麗'),
            Map.entry('军', '軍'), Map.entry('红', '紅'), Map.entry('兰', '蘭'), Map.entry('晓', '曉'), Map.entry('东', '東'),
            Map.entry('刚', '剛'), Map.entry('涛', '濤'), Map.entry('静', '靜'), Map.entry('杰', '傑'), Map.entry('诸', '諸'),
            Map.entry('司', '司'));
    /** A homophone of each character a clerk might type instead (same toneless reading). */
    static final Map<Character, Character> HOMOPHONE = Map.ofEntries(Map.entry('张', '章'), Map.entry('伟', '玮'),
            Map.entry('明', '铭'), Map.entry('静', '婧'), Map.entry('丽', '莉'), Map.entry('军', '君'), Map.entry('杰', '洁'),
            Map.entry('华', '桦'), Map.entry('玉', '钰'), Map.entry('红', '虹'), Map.entry('芳', '方'), Map.entry('娜', '纳'),
            Map.entry('强', '墙'), Map.entry('磊', '垒'), Map.entry('勇', '永'), Map.entry('涛', '滔'), Map.entry('杨', '阳'),
            Map.entry('王', '汪'), Map.entry('李', '黎'), Map.entry('刘', '柳'), Map.entry('修', '秀'), Map.entry('敏', '民'),
            Map.entry('霞', '夏'), Map.entry('平', '萍'), Map.entry('鑫', '欣'), Map.entry('宇', '雨'), Map.entry('浩', '昊'),
            Map.entry('婷', '亭'), Map.entry('燕', '艳'), Map.entry('超', '朝'));

    final List<Person> persons = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    private final SplittableRandom random;
    private final Set<String> usedIds = new HashSet<>();

    private Population(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code people} persons (twins included in the count), each with one to four records. */
    static Population generate(long seed, int people) {
        Population population = new Population(seed);
        while (population.persons.size() < people) {
            Person person = population.newPerson(-1);
            population.persons.add(person);
            if (population.random.nextDouble() < 0.03 && population.persons.size() < people) {
                population.persons.add(population.twinOf(person));
            }
        }
        for (Person person : population.persons) {
            int records = population.recordCount();
            for (int k = 0; k < records; k++) {
                population.entries.add(new Entry(population.noisy(person, "P" + person.number() + "-" + k), person.number()));
            }
        }
        return population;
    }

    /** The true person of every record, in record order. */
    int[] truth() {
        return entries.stream().mapToInt(Entry::person).toArray();
    }

    List<Profile> profiles() {
        List<Profile> profiles = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            profiles.add(new Profile(RecordReader.read(entry.raw(), Records.TODAY).record()));
        }
        return profiles;
    }

    /** Every record in an index, each its own person (the starting point of a batch re-link). */
    MatchIndex index(int maxBlock) {
        MatchIndex index = new MatchIndex(entries.size(), maxBlock);
        List<Profile> profiles = profiles();
        for (int i = 0; i < profiles.size(); i++) {
            index.add(profiles.get(i), i);
        }
        return index;
    }

    private int recordCount() {
        double r = random.nextDouble();
        return r < 0.45 ? 1 : r < 0.8 ? 2 : r < 0.95 ? 3 : 4;
    }

    private Person newPerson(int twinOf) {
        int number = persons.size();
        String family = pick(FAMILIES);
        String given = givenName();
        LocalDate birth = LocalDate.of(1935, 1, 1).plusDays(random.nextInt(365 * 88));
        Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
        int region = random.nextInt(REGIONS.size());
        String district = random.nextDouble() < 0.8 ? DISTRICTS.get(region) : pick(DISTRICTS);
        String phone = random.nextDouble() < 0.85 ? phone() : null;
        String passport = random.nextDouble() < 0.08 ? "E" + digits(8) : null;
        return new Person(number, family, given, birth, sex, phone, district, residentId(REGIONS.get(region), birth, sex),
                passport, twinOf);
    }

    private Person twinOf(Person sibling) {
        String given;
        do {
            given = givenName();
        } while (given.equals(sibling.given()));
        Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
        return new Person(persons.size(), sibling.family(), given, sibling.birth(), sex, sibling.phone(), sibling.district(),
                residentId(sibling.residentId().regionCode(), sibling.birth(), sex), null, sibling.number());
    }

    private String givenName() {
        String given = pick(GIVEN);
        return random.nextDouble() < 0.6 ? given + pick(GIVEN) : given;
    }

    private ResidentId residentId(String region, LocalDate birth, Sex sex) {
        while (true) {
            int sequence = random.nextInt(500) * 2 + (sex == Sex.MALE ? 1 : 0);
            ResidentId id = ResidentId.of(region, birth, sequence);
            if (usedIds.add(id.value())) {
                return id;
            }
        }
    }

    private String phone() {
        while (true) {
            String phone = "1" + "3589".charAt(random.nextInt(4)) + digits(9);
            if (!phone.matches(".*(\\d)\\1{6,}.*") && !phone.contains("12345678")) {
                return phone;
            }
        }
    }

    private RawIdentity noisy(Person person, String id) {
        // Name.
        String family = person.family();
        String given = person.given();
        double r = random.nextDouble();
        boolean missingName = false;
        String placeholder = null;
        if (r < 0.07) {
            family = transform(family, TRADITIONAL);
            given = transform(given, TRADITIONAL);
        } else if (r < 0.14) {
            if (random.nextBoolean()) {
                given = transformOne(given, HOMOPHONE);
            } else {
                family = transformOne(family, HOMOPHONE);
            }
        } else if (r < 0.18) {
            given = given.length() > 1 && random.nextBoolean() ? given.substring(0, 1) : pick(GIVEN) + given.substring(1);
        } else if (r < 0.22) {
            missingName = true;
        } else if (r < 0.24) {
            placeholder = "无名氏";
        }
        String textName = null;
        String familyPart = null;
        String givenPart = null;
        if (placeholder != null) {
            textName = placeholder;
        } else if (!missingName) {
            if (random.nextBoolean()) {
                textName = random.nextDouble() < 0.2 ? family + " " + given : family + given;
            } else {
                familyPart = family;
                givenPart = given;
            }
        }
        // Birth date.
        LocalDate birth = person.birth();
        String birthText;
        r = random.nextDouble();
        if (r < 0.03 && birth.getDayOfMonth() <= 12 && birth.getDayOfMonth() != birth.getMonthValue()) {
            birthText = LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue()).toString();
        } else if (r < 0.07) {
            birthText = (random.nextBoolean() ? birth.plusYears(1) : birth.withDayOfMonth(birth.getDayOfMonth() == 1 ? 2 : 1)).toString();
        } else if (r < 0.10) {
            birthText = random.nextBoolean() ? null : String.valueOf(birth.getYear());
        } else {
            birthText = birth.toString();
        }
        // Sex.
        String gender = random.nextDouble() < 0.05 ? null : person.sex() == Sex.MALE ? "male" : "female";
        // Phone.
        String phone = person.phone();
        r = random.nextDouble();
        if (r < 0.2) {
            phone = null;
        } else if (r < 0.28) {
            phone = phone();
        } else if (r < 0.33 && phone != null) {
            phone = "+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
        }
        // District.
        String district = person.district();
        r = random.nextDouble();
        if (r < 0.08) {
            district = pick(DISTRICTS);
        } else if (r < 0.13) {
            district = null;
        }
        // Resident ID.
        String residentId = person.residentId().value();
        r = random.nextDouble();
        if (r < 0.22) {
            residentId = null;
        } else if (r < 0.26) {
            residentId = Records.oneDigitOff(residentId, random.nextInt(17));
        } else if (r < 0.28) {
            int position = random.nextInt(16);
            if (residentId.charAt(position) != residentId.charAt(position + 1)) {
                residentId = Records.swapped(residentId, position);
            }
        } else if (r < 0.33 && residentId.startsWith("19", 6)) {
            residentId = residentId.substring(0, 6) + residentId.substring(8, 17);
        } else if (r < 0.35) {
            residentId = residentId.toLowerCase();
        }
        List<RawIdentity.Typed> officialIds = new ArrayList<>();
        if (person.passport() != null && random.nextBoolean()) {
            officialIds.add(new RawIdentity.Typed(org.cityhealth.identity.OfficialId.Kind.PASSPORT, person.passport()));
        }
        return new RawIdentity(id, familyPart, givenPart, textName, birthText, gender, phone, district, residentId, officialIds);
    }

    private String transform(String text, Map<Character, Character> map) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(map.getOrDefault(c, c));
        }
        return out.toString();
    }

    private String transformOne(String text, Map<Character, Character> map) {
        int position = random.nextInt(text.length());
        char c = text.charAt(position);
        return text.substring(0, position) + map.getOrDefault(c, c) + text.substring(position + 1);
    }

    private String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
