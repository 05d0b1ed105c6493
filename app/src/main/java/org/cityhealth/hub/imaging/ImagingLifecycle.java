package org.cityhealth.hub.imaging;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.lifecycle.ObjectLifecycle;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lifecycle step of DICOM instances: a study the policy places cold (as an ImagingStudy of its StudyDate, by
 * default older than 3 years) has its hot instances copied to cold, verified, switched and the hot objects deleted,
 * a study at a time; each study's move is one {@code storage_move} row and one ledger entry. Objects have no warm
 * tier (they are already compressed images, mostly): a study placed warm stays hot. Reads of a cold instance
 * decompress it on the way ({@link InstanceObjects#open}); there is nothing to recall.
 */
@Component
class ImagingLifecycle implements ObjectLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImagingLifecycle.class);
    private static final int STUDIES_PER_QUERY = 500;
    private static final String PURGE = "IMAGING PURGE";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final InstanceIndex index;
    private final InstanceObjects objects;
    private final SourceRegistry sources;
    private final Ledger ledger;
    private final PersonIndex persons;

    ImagingLifecycle(JdbcTemplate jdbc, TransactionTemplate transactions, InstanceIndex index, InstanceObjects objects, SourceRegistry sources,
                     Ledger ledger, PersonIndex persons) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.index = index;
        this.objects = objects;
        this.sources = sources;
        this.ledger = ledger;
        this.persons = persons;
    }

    private record HotStudy(String studyUid, long sourceId, String studyDate, Instant received) {
    }

    @Override
    public List<Moved> apply(Placer placer, Instant asOf, boolean dryRun, LedgerEvent.Actor actor) {
        Map<Long, String> codes = new HashMap<>();
        long records = 0;
        long before = 0;
        long after = 0;
        long failed = 0;
        String afterStudy = "";
        while (true) {
            List<HotStudy> studies = jdbc.query("""
                    select study_instance_uid, source_id, max(study_date), min(received_at) from dicom_instance where tier = 'H'
                    and study_instance_uid > ? group by study_instance_uid, source_id order by study_instance_uid limit ?""",
                    (rs, row) -> new HotStudy(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
                    afterStudy, STUDIES_PER_QUERY);
            if (studies.isEmpty()) {
                break;
            }
            afterStudy = studies.getLast().studyUid();
            for (HotStudy study : studies) {
                String code = codes.computeIfAbsent(study.sourceId(), id -> sources.byId(id).map(Source::code).orElse(""));
                if (placer.tierOf("ImagingStudy", code, dated(study)) != Tier.COLD) {
                    continue;
                }
                List<Instance> hot = index.ofStudy(study.sourceId(), study.studyUid()).stream().filter(i -> i.tier() == 'H').toList();
                if (dryRun) {
                    records += hot.size();
                    before += hot.stream().mapToLong(Instance::storedBytes).sum();
                    after += hot.stream().mapToLong(Instance::storedBytes).sum();
                    continue;
                }
                try {
                    long[] moved = toCold(study.studyUid(), hot, actor);
                    records += hot.size();
                    before += moved[0];
                    after += moved[1];
                } catch (IOException | RuntimeException e) {
                    log.warn("study {}: moving its instances to cold failed, they stay hot: {}", study.studyUid(), e.getMessage());
                    failed += hot.size();
                }
            }
            if (studies.size() < STUDIES_PER_QUERY) {
                break;
            }
        }
        List<Moved> moves = new ArrayList<>();
        if (records > 0) {
            moves.add(new Moved("IMAGING HOT→COLD", records, before, after));
        }
        if (failed > 0) {
            moves.add(new Moved("FAILED", failed, 0, 0));
        }
        return moves;
    }

    /**
     * The person's instances go with their records: the rows and the move's record in one transaction (with a ledger
     * entry), the objects after it. A crash in between leaves objects nothing points at, never a row without its bytes.
     */
    @Override
    public Moved purge(long personKey, String reason, LedgerEvent.Actor actor) {
        List<Instance> instances = index.ofPerson(personKey);
        long bytes = instances.stream().mapToLong(Instance::storedBytes).sum();
        if (instances.isEmpty()) {
            return new Moved(PURGE, 0, 0, 0);
        }
        transactions.executeWithoutResult(status -> {
            index.delete(instances);
            jdbc.update("insert into storage_move (moved_at, kind, person_key, records, bytes_before, bytes_after, detail) values (?,?,?,?,?,?,?)",
                    Timestamp.from(Instant.now()), "IMAGE_PURGE", personKey, instances.size(), bytes, 0,
                    instances.stream().map(Instance::studyUid).distinct().count() + " studies");
            ledger.record(LedgerEvent.permit("storage.purge").by(actor).person(personKey).because(reason)
                    .detail("instances", instances.size()).detail("bytes", bytes));
        });
        instances.forEach(instance -> objects.deleteQuietly(instance.objectKey()));
        return new Moved(PURGE, instances.size(), bytes, 0);
    }

    /** The study's date at the start of its day in the city; a study without a date is as old as its arrival. */
    private static Instant dated(HotStudy study) {
        LocalDate date = ImagingStudies.date(study.studyDate());
        return date == null ? study.received() : date.atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
    }

    /** Copy and verify every instance, switch the rows in one transaction (with the move's record), then delete. */
    private long[] toCold(String studyUid, List<Instance> hot, LedgerEvent.Actor actor) throws IOException {
        List<Instance> copied = new ArrayList<>();
        try {
            for (Instance instance : hot) {
                InstanceObjects.Copied copy = objects.copyToCold(instance);
                copied.add(instance.withStorage(copy.storedBytes(), copy.key(), 'C'));
            }
        } catch (IOException | RuntimeException e) {
            copied.forEach(c -> objects.deleteQuietly(c.objectKey()));
            throw e;
        }
        long before = hot.stream().mapToLong(Instance::storedBytes).sum();
        long after = copied.stream().mapToLong(Instance::storedBytes).sum();
        // The person the index links the Patient to now: the row's own key is the person of its indexing.
        Instance last = hot.getLast();
        long personKey = last.patientResId() == null ? last.personKey() : persons.personOf(last.patientResId()).orElse(last.personKey());
        List<Instance> switched = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < hot.size(); i++) {
                Instance cold = copied.get(i);
                if (index.switchTier(cold.sopInstanceUid(), hot.get(i).objectKey(), cold.objectKey(), 'C', cold.storedBytes())) {
                    switched.add(hot.get(i));
                } else {
                    objects.deleteQuietly(cold.objectKey());
                }
            }
            jdbc.update("insert into storage_move (moved_at, kind, person_key, records, bytes_before, bytes_after, detail) values (?,?,?,?,?,?,?)",
                    Timestamp.from(Instant.now()), "IMAGING_COLD", personKey, switched.size(), before, after, "study " + studyUid);
            ledger.record(LedgerEvent.permit("storage.cold").by(actor).person(personKey).detail("study", studyUid)
                    .detail("instances", switched.size()).detail("bytes", before).detail("storedBytes", after));
        });
        // Deleted only once nothing points at them any more; a crash before this leaves unreferenced hot objects, no loss.
        switched.forEach(instance -> objects.deleteQuietly(instance.objectKey()));
        return new long[] {before, after};
    }
}
