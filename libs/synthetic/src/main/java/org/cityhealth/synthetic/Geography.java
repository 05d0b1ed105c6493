package org.cityhealth.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The city's map: Hangzhou's districts with their real region codes, sub-district (街道) and road names, and the region
 * codes of places outside the city where some residents were born. Only the map is real; the people are not.
 */
final class Geography {

    static final String PROVINCE = "浙江省";
    static final String CITY = "杭州市";

    /**
     * A district of the city.
     *
     * @param code        its current region code
     * @param name        its name
     * @param population  residents in ten thousands (2020s), which weights where people live
     * @param postalCode  the main postal code
     * @param streets     sub-districts, which name the community health centres
     * @param roads       roads, which make addresses
     * @param reformYear  the year the district got its current code; people born before carry an older code
     * @param birthCodes  region codes people born here before {@code reformYear} carry in their ID, weighted: counties
     *                    that became districts and districts merged or split (2001, 2015, 2017, 2021) keep old codes
     */
    record District(String code, String name, int population, String postalCode, List<String> streets,
                    List<String> roads, int reformYear, List<WeightedCode> birthCodes) {

        /** The region code a person born in this district in {@code birthYear} carries. */
        String birthCode(int birthYear, SplittableRandom random) {
            if (birthYear >= reformYear) {
                return code;
            }
            double total = 0;
            for (WeightedCode c : birthCodes) {
                total += c.weight();
            }
            double pick = random.nextDouble() * total;
            for (WeightedCode c : birthCodes) {
                pick -= c.weight();
                if (pick < 0) {
                    return c.code();
                }
            }
            return code;
        }
    }

    record WeightedCode(String code, double weight) {
    }

    /** A place outside Hangzhou where migrants come from: its region code and how many of them it sends. */
    record Origin(String code, String name, double weight) {
    }

    static final List<District> DISTRICTS = List.of(
            new District("330102", "上城区", 132, "310002",
                    List.of("湖滨街道", "清波街道", "小营街道", "望江街道", "南星街道", "紫阳街道", "凯旋街道", "采荷街道",
                            "闸弄口街道", "四季青街道", "九堡街道", "笕桥街道", "彭埠街道", "丁兰街道"),
                    List.of("解放路", "延安路", "中山中路", "庆春路", "南山路", "望江路", "秋涛路", "凯旋路", "采荷路", "清泰街",
                            "江城路", "建国南路", "艮山西路", "丁桥路"),
                    2021, List.of(new WeightedCode("330102", 0.45), new WeightedCode("330104", 0.40),
                            new WeightedCode("330103", 0.15))),
            new District("330105", "拱墅区", 118, "310011",
                    List.of("米市巷街道", "湖墅街道", "小河街道", "和睦街道", "拱宸桥街道", "大关街道", "上塘街道", "祥符街道",
                            "半山街道", "康桥街道", "武林街道", "天水街道", "朝晖街道", "潮鸣街道", "长庆街道", "石桥街道",
                            "东新街道", "文晖街道"),
                    List.of("湖墅南路", "莫干山路", "上塘路", "大关路", "登云路", "香积寺路", "体育场路", "环城北路", "中山北路",
                            "东新路", "石桥路", "丽水路", "绍兴路", "潮王路"),
                    2021, List.of(new WeightedCode("330105", 0.55), new WeightedCode("330103", 0.45))),
            new District("330106", "西湖区", 117, "310012",
                    List.of("北山街道", "西溪街道", "灵隐街道", "翠苑街道", "文新街道", "古荡街道", "转塘街道", "留下街道",
                            "蒋村街道", "三墩镇", "西湖街道", "双浦镇"),
                    List.of("文三路", "文二路", "教工路", "古墩路", "天目山路", "学院路", "西溪路", "紫金港路", "文一西路",
                            "留和路", "之江路", "莲花街", "益乐路", "丰潭路"),
                    0, List.of()),
            new District("330108", "滨江区", 54, "310051",
                    List.of("西兴街道", "长河街道", "浦沿街道"),
                    List.of("江南大道", "滨盛路", "江陵路", "长河路", "春波路", "网商路", "江虹路", "闻涛路", "月明路", "浦沿路"),
                    1996, List.of(new WeightedCode("330106", 0.5), new WeightedCode("330181", 0.5))),
            new District("330109", "萧山区", 212, "311200",
                    List.of("城厢街道", "北干街道", "蜀山街道", "新塘街道", "宁围街道", "新街街道", "闻堰街道", "所前镇",
                            "瓜沥镇", "临浦镇", "义桥镇", "衙前镇"),
                    List.of("人民路", "市心路", "金城路", "北干路", "山阴路", "通惠路", "萧绍路", "育才路", "建设一路", "高新路",
                            "工人路", "体育路"),
                    2001, List.of(new WeightedCode("330181", 1.0))),
            new District("330110", "余杭区", 137, "311121",
                    List.of("五常街道", "闲林街道", "仓前街道", "余杭街道", "中泰街道", "良渚街道", "瓶窑镇", "仁和街道",
                            "径山镇", "黄湖镇"),
                    List.of("五常大道", "余杭塘路", "良渚路", "仓兴街", "闲林路", "海曙路", "荆长路", "龙潭路", "文一西路",
                            "溪东路"),
                    2001, List.of(new WeightedCode("330184", 1.0))),
            new District("330113", "临平区", 119, "311100",
                    List.of("临平街道", "南苑街道", "东湖街道", "星桥街道", "乔司街道", "崇贤街道", "运河街道", "塘栖镇"),
                    List.of("迎宾路", "世纪大道", "南苑街", "东湖路", "星桥路", "藕花洲大街", "望梅路", "荷花塘路", "北沙西路"),
                    2021, List.of(new WeightedCode("330110", 0.6), new WeightedCode("330184", 0.4))),
            new District("330114", "钱塘区", 80, "310018",
                    List.of("白杨街道", "下沙街道", "河庄街道", "义蓬街道", "临江街道", "前进街道"),
                    List.of("学林街", "文泽路", "金沙大道", "下沙路", "学源街", "学正街", "文渊路", "幸福南路"),
                    2021, List.of(new WeightedCode("330104", 0.6), new WeightedCode("330109", 0.3),
                            new WeightedCode("330181", 0.1))),
            new District("330111", "富阳区", 84, "311400",
                    List.of("富春街道", "春江街道", "东洲街道", "银湖街道", "鹿山街道", "新登镇"),
                    List.of("桂花路", "金桥路", "江滨西大道", "体育馆路", "富春街", "孙权路", "公望街"),
                    2015, List.of(new WeightedCode("330183", 1.0))),
            new District("330112", "临安区", 64, "311300",
                    List.of("锦城街道", "锦北街道", "玲珑街道", "青山湖街道", "锦南街道", "於潜镇"),
                    List.of("钱王街", "衣锦街", "万马路", "石镜街", "城中街", "科技大道", "锦城街"),
                    2017, List.of(new WeightedCode("330185", 1.0))));

    /**
     * Where the ~15% of residents born outside Hangzhou come from, weighted roughly like Hangzhou's migrant population:
     * Anhui, Jiangxi, Henan, Sichuan, Hubei, Hunan, Guizhou, other Zhejiang cities and a few large cities.
     */
    static final List<Origin> ORIGINS = List.of(
            new Origin("341221", "安徽省阜阳市临泉县", 6), new Origin("340102", "安徽省合肥市瑶海区", 3),
            new Origin("340104", "安徽省合肥市蜀山区", 2), new Origin("342221", "安徽省宿州市砀山县", 2),
            new Origin("360102", "江西省南昌市东湖区", 3), new Origin("362330", "江西省上饶市鄱阳县", 3),
            new Origin("410102", "河南省郑州市中原区", 3), new Origin("411522", "河南省信阳市光山县", 3),
            new Origin("510104", "四川省成都市锦江区", 3), new Origin("511321", "四川省南充市南部县", 2),
            new Origin("420102", "湖北省武汉市江岸区", 3), new Origin("430102", "湖南省长沙市芙蓉区", 2),
            new Origin("520102", "贵州省贵阳市南明区", 2), new Origin("330302", "浙江省温州市鹿城区", 3),
            new Origin("330402", "浙江省嘉兴市南湖区", 2), new Origin("330602", "浙江省绍兴市越城区", 3),
            new Origin("330782", "浙江省金华市义乌市", 2), new Origin("320102", "江苏省南京市玄武区", 2),
            new Origin("310101", "上海市黄浦区", 2), new Origin("110101", "北京市东城区", 1),
            new Origin("370102", "山东省济南市历下区", 1), new Origin("350102", "福建省福州市鼓楼区", 1),
            new Origin("500103", "重庆市渝中区", 2), new Origin("610102", "陕西省西安市新城区", 1),
            new Origin("230102", "黑龙江省哈尔滨市道里区", 1));

    private static final double ORIGIN_TOTAL = ORIGINS.stream().mapToDouble(Origin::weight).sum();

    private Geography() {
    }

    static Origin origin(SplittableRandom random) {
        double pick = random.nextDouble() * ORIGIN_TOTAL;
        for (Origin o : ORIGINS) {
            pick -= o.weight();
            if (pick < 0) {
                return o;
            }
        }
        return ORIGINS.getLast();
    }

    /** A street address as people write it: road, number, and for most a building, unit and flat. */
    static String addressLine(District district, SplittableRandom random) {
        String road = district.roads().get(random.nextInt(district.roads().size()));
        int number = 1 + random.nextInt(random.nextDouble() < 0.7 ? 300 : 1200);
        StringBuilder line = new StringBuilder(32).append(road).append(number).append('号');
        if (random.nextDouble() < 0.85) {
            line.append(1 + random.nextInt(30)).append('幢')
                    .append(1 + random.nextInt(4)).append("单元")
                    .append(1 + random.nextInt(28)).append(String.format("%02d", 1 + random.nextInt(4))).append('室');
        }
        return line.toString();
    }
}
