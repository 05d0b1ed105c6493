package org.cityhealth.hub.imaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code dicom_instance} table: what is stored, where, and the attributes searched. */
@Repository
class InstanceIndex {

    private static final String COLUMNS = """
            sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, transfer_syntax_uid, source_id, submission_id,
            patient_id, patient_res_id, person_key, patient_name, patient_birth_date, patient_sex, study_date, study_time,
            accession_number, study_id, study_description, referring_physician, series_number, series_description, modality,
            body_part, instance_number, frame_count, previewable, size_bytes, stored_bytes, sha256, object_key, tier, received_at""";
    private static final String SELECT = "select " + COLUMNS + " from dicom_instance";

    private final JdbcTemplate jdbc;

    InstanceIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the row; false when the SOP Instance UID is indexed already (the row stays as it was). */
    boolean insert(Instance i) {
        try {
            jdbc.update("insert into dicom_instance (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    i.sopInstanceUid(), i.studyUid(), i.seriesUid(), i.sopClassUid(), i.transferSyntaxUid(), i.sourceId(), i.submissionId(),
                    i.patientId(), i.patientResId(), i.personKey(), i.patientName(), i.patientBirthDate(), i.patientSex(), i.studyDate(),
                    i.studyTime(), i.accessionNumber(), i.studyId(), i.studyDescription(), i.referringPhysician(), i.seriesNumber(),
                    i.seriesDescription(), i.modality(), i.bodyPart(), i.instanceNumber(), i.frameCount(), i.previewable(), i.sizeBytes(), i.storedBytes(),
                    i.sha256(), i.objectKey(), String.valueOf(i.tier()), Timestamp.from(i.receivedAt()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Notes that a vault submission has been taken into the index (also when its instance was there already). */
    void received(long submissionId, String sopInstanceUid) {
        try {
            jdbc.update("insert into dicom_submission (submission_id, sop_instance_uid) values (?,?)", submissionId, sopInstanceUid);
        } catch (DuplicateKeyException e) {
            // recorded by an earlier attempt
        }
    }

    /** Accepted DICOM vault submissions the index has not taken in: what a crash left between the vault and the index. */
    List<Long> unindexedSubmissions() {
        return jdbc.queryForList("""
                select v.id from vault_submission v where v.format = 'DICOM' and v.status = 'ACCEPTED'
                and not exists (select 1 from dicom_submission d where d.submission_id = v.id) order by v.id""", Long.class);
    }

    Optional<Instance> instance(String sopInstanceUid) {
        return jdbc.query(SELECT + " where sop_instance_uid = ?", InstanceIndex::map, sopInstanceUid).stream().findFirst();
    }

    /** The instances of a study (of one series when {@code seriesUid} is given), in series and instance order. */
    List<Instance> ofStudy(String studyUid, String seriesUid) {
        return seriesUid == null
                ? jdbc.query(SELECT + " where study_instance_uid = ?" + ORDER, InstanceIndex::map, studyUid)
                : jdbc.query(SELECT + " where study_instance_uid = ? and series_instance_uid = ?" + ORDER, InstanceIndex::map, studyUid, seriesUid);
    }

    /** The instances of each of the studies (one query for them all), by study in the order given. */
    Map<String, List<Instance>> ofStudies(List<String> studyUids) {
        Map<String, List<Instance>> byStudy = new LinkedHashMap<>();
        studyUids.forEach(uid -> byStudy.put(uid, new ArrayList<>()));
        if (!studyUids.isEmpty()) {
            jdbc.query(SELECT + " where study_instance_uid in (" + marks(studyUids.size()) + ")" + ORDER,
                    InstanceIndex::map, studyUids.toArray()).forEach(instance -> byStudy.get(instance.studyUid()).add(instance));
        }
        return byStudy;
    }

    /** Those of the studies with an instance the hub can render (one query, not their instances). */
    List<String> previewableStudies(Collection<String> studyUids) {
        List<String> uids = studyUids.stream().filter(uid -> uid != null && !uid.isBlank()).distinct().toList();
        return uids.isEmpty() ? List.of() : jdbc.queryForList("select distinct study_instance_uid from dicom_instance where previewable and"
                + " study_instance_uid in (" + marks(uids.size()) + ")", String.class, uids.toArray());
    }

    /** The instances of a study sent by one source: one source's ImagingStudy. */
    List<Instance> ofStudy(long sourceId, String studyUid) {
        return jdbc.query(SELECT + " where source_id = ? and study_instance_uid = ?" + ORDER, InstanceIndex::map, sourceId, studyUid);
    }

    /** Matching rows in a stable order, a page at a time (the caller filters them by access). */
    List<Instance> search(String where, List<Object> args, int limit, int offset) {
        List<Object> all = new ArrayList<>(args);
        all.add(limit);
        all.add(offset);
        return jdbc.query(SELECT + " where " + where + " order by study_date desc, study_instance_uid, series_number, series_instance_uid,"
                + " instance_number, sop_instance_uid limit ? offset ?", InstanceIndex::map, all.toArray());
    }

    /** Matching study UIDs, newest study first, a page at a time. */
    List<String> searchStudies(String where, List<Object> args, int limit, int offset) {
        List<Object> all = new ArrayList<>(args);
        all.add(limit);
        all.add(offset);
        return jdbc.queryForList("select study_instance_uid from dicom_instance where " + where
                + " group by study_instance_uid order by max(study_date) desc, study_instance_uid limit ? offset ?", String.class, all.toArray());
    }

    /** Hot instances of studies dated before {@code studyDateBefore} (YYYYMMDD), oldest first: the lifecycle's candidates. */
    List<Instance> hotBefore(String studyDateBefore, int limit) {
        return jdbc.query(SELECT + " where tier = 'H' and study_date is not null and study_date < ? order by study_date, sop_instance_uid limit ?",
                InstanceIndex::map, studyDateBefore, limit);
    }

    /** Points the row at its new copy, if it is still where the mover found it; false when it had moved meanwhile. */
    boolean switchTier(String sopInstanceUid, String fromKey, String toKey, char tier, long storedBytes) {
        return jdbc.update("update dicom_instance set object_key = ?, tier = ?, stored_bytes = ? where sop_instance_uid = ? and object_key = ?",
                toKey, String.valueOf(tier), storedBytes, sopInstanceUid, fromKey) == 1;
    }

    /**
     * The instances of the person's patients as the person index links them now. A row's own person key is the person of
     * the moment it was indexed: a merge or a split since has not changed it, so it must not decide (after a split it
     * would still show one person's images to the other).
     */
    List<Instance> ofPerson(long personKey) {
        return jdbc.query(SELECT + " where patient_res_id in (select patient_id from patient_link where person_key = ?)" + ORDER,
                InstanceIndex::map, personKey);
    }


    /**
     * Removes the rows (a purge). Their {@code dicom_submission} rows stay: they tell start-up recovery that the vault's
     * submissions were taken in, which keeps it from indexing the purged instances again.
     */
    void delete(List<Instance> instances) {
        jdbc.batchUpdate("delete from dicom_instance where sop_instance_uid = ?", instances, instances.size(),
                (ps, instance) -> ps.setString(1, instance.sopInstanceUid()));
    }

    private static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    private static final String ORDER = " order by series_number, series_instance_uid, instance_number, sop_instance_uid";

    private static Instance map(ResultSet rs, int row) throws SQLException {
        return new Instance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19), (Integer) rs.getObject(20),
                rs.getString(21), rs.getString(22), rs.getString(23), (Integer) rs.getObject(24), (Integer) rs.getObject(25), rs.getBoolean(26),
                rs.getLong(27), rs.getLong(28), rs.getString(29), rs.getString(30), rs.getString(31).charAt(0), rs.getTimestamp(32).toInstant());
    }
}
