-- Observations measured by devices (bedside monitors and wearables over MQTT). They arrive by the tens of thousands
-- each second, too many for resource's versions, seven indexes and search_token rows per reading: here a reading is
-- one narrow row with one index, written once (a device never corrects a reading, it sends a new one) and served by
-- the same FHIR read and search as any Observation. Ids lead with the patient's id and the reading's time, so the
-- primary key is also the index of a patient's readings in time order (DeviceObservations.id). The person comes from
-- patient_link at read time, so person merges and splits need not touch these rows.
create table device_observation (
    res_id        varchar(64)  primary key,
    patient_id    varchar(64)  not null,
    category      varchar(64)  not null,
    code_system   varchar(255) not null,
    code          varchar(64)  not null,
    code2         varchar(64),
    date_lo       timestamp with time zone not null,
    date_hi       timestamp with time zone not null,
    last_updated  timestamp with time zone not null,
    source_id     bigint       not null,
    source_res_id varchar(64)  not null,
    submission_id bigint       not null,
    body          ${binary}    not null
);
