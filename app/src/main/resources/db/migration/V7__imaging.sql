-- Imaging (DICOM): one row per stored instance, the index QIDO-RS searches and ImagingStudy resources are built from.
-- The Part 10 bytes live in the object store (object_key) in a tier: H(ot) as received, C(old) zstd-compressed
-- under imaging/cold/. A SOP Instance UID is stored once: the same instance sent again, by DIMSE or DICOMweb, is
-- answered as stored. Attribute columns hold the DICOM values as sent (dates YYYYMMDD, names as PN strings).
create table dicom_instance (
    sop_instance_uid    varchar(64)  primary key,
    study_instance_uid  varchar(64)  not null,
    series_instance_uid varchar(64)  not null,
    sop_class_uid       varchar(64)  not null,
    transfer_syntax_uid varchar(64)  not null,
    source_id           bigint       not null,
    submission_id       bigint       not null,
    patient_id          varchar(64)  not null,
    patient_res_id      varchar(64),
    person_key          bigint       default 0 not null,
    patient_name        varchar(400),
    patient_birth_date  varchar(8),
    patient_sex         varchar(16),
    study_date          varchar(8),
    study_time          varchar(16),
    accession_number    varchar(16),
    study_id            varchar(16),
    study_description   varchar(64),
    referring_physician varchar(400),
    series_number       integer,
    series_description  varchar(64),
    modality            varchar(16),
    body_part           varchar(16),
    instance_number     integer,
    frame_count         integer,
    -- whether the hub can render a preview of it (native or JPEG baseline pixels, monochrome or colour)
    previewable         boolean      default false not null,
    size_bytes          bigint       not null,
    stored_bytes        bigint       not null,
    sha256              char(64)     not null,
    object_key          varchar(300) not null,
    tier                char(1)      not null,
    received_at         timestamp with time zone not null
);
create index dicom_instance_study on dicom_instance (study_instance_uid, series_instance_uid);
create index dicom_instance_patient on dicom_instance (patient_id);
create index dicom_instance_date on dicom_instance (study_date);
create index dicom_instance_person on dicom_instance (person_key);
create index dicom_instance_tier on dicom_instance (tier, study_date);

-- Every accepted DICOM vault submission the index has taken in (also a resend of an instance already indexed):
-- start-up recovery indexes the accepted ones missing here (a crash between the vault and the index row).
create table dicom_submission (
    submission_id    bigint      primary key,
    sop_instance_uid varchar(64) not null
);
