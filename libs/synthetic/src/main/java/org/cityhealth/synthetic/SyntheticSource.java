package org.cityhealth.synthetic;

/**
 * An institution of the synthetic city that sends records to the hub.
 *
 * @param code     the hub's code for the source: {@code H001}, {@code C001}, {@code E001}
 * @param name     its Chinese name, e.g. 杭州市第一人民医院
 * @param level    its grade, e.g. 三级甲等 (clinics 一级甲等, the exam centre 未定级)
 * @param district the district it lies in, e.g. 上城区
 * @param kind     hospital, community clinic or exam centre
 */
public record SyntheticSource(String code, String name, String level, String district, SourceKind kind) {
}
