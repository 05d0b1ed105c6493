package org.cityhealth.hub.vault;

/** The wire format of a submission, which decides how it is parsed and the file extension of a restore. */
public enum SubmissionFormat {
    FHIR_JSON("json"), FHIR_XML("xml"), NDJSON("ndjson"), NDJSON_GZIP("ndjson.gz"), HL7V2("hl7"), DICOM("dcm"), EXAM_CSV("csv"), EXAM_XLSX("xlsx"), EXAM_XLS("xls"),
    EXAM_PDF("pdf"),
    VITALS_NDJSON("vitals.ndjson"), OTHER("bin");

    private final String extension;

    SubmissionFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }
}
