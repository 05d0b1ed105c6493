package org.cityhealth.synthetic;

/** The kind of institution that sends records to the hub. */
public enum SourceKind {
    HOSPITAL,
    /** A community health centre (社区卫生服务中心): family doctors, chronic-disease follow-up, vaccination. */
    CLINIC,
    /** A physical-examination centre (体检中心): annual check-ups, labs and imaging, no treatment. */
    EXAM_CENTER
}
