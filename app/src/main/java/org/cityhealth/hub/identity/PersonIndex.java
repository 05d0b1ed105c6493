package org.cityhealth.hub.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.CityZone;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.identity.linkage.Matcher;
import org.cityhealth.identity.linkage.Outcome;
import org.cityhealth.identity.linkage.PersonRecord;
import org.cityhealth.identity.linkage.Profile;
import org.cityhealth.identity.linkage.RecordReader;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The master person index: links each source's Patient to one hub person as it arrives. Identifiers link
 * deterministically; otherwise the record's candidates (records sharing a blocking key) are scored with the
 * Fellegi–Sunter model and the best person is linked, queued for review with the record kept as a person of its
 * own, or left distinct. Runs inside the submission's transaction, so a link exists exactly when its records do.
 */
@Service
public class PersonIndex {

    /** The actor name of decisions the hub's rules made. */
    public static final String HUB_ACTOR = "cityhealth";
    private static final int IN_CHUNK = 500;
    /** Review candidates kept per record: the reviewer sees the strongest few, not every weak one. */
    private static final int REVIEWS_PER_RECORD = 3;

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final MpiRecords records;
    private final MatchModels models;
    private final DataQuality quality;
    private final MpiEvents events;
    private final ReviewQueue reviews;
    private final PersonMoves moves;

    PersonIndex(JdbcTemplate jdbc, Ledger ledger, MpiRecords records, MatchModels models, DataQuality quality, MpiEvents events,
                ReviewQueue reviews, PersonMoves moves) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.records = records;
        this.models = models;
        this.quality = quality;
        this.events = events;
        this.reviews = reviews;
        this.moves = moves;
    }

    /**
     * The person of a source patient. A new patient is linked; a known one keeps its person (re-linking is the
     * re-link job's and the reviewers' work) except that a resident ID appearing on a record that was a person of
     * its own (a newborn registered before it had one) joins it to the person holding that ID.
     */
    public long link(String patientId, long sourceId, String sourcePatientId, JsonNode patient) {
        RecordReader.Read read = RecordReader.read(PatientIdentity.of(patientId, patient), LocalDate.now(CityZone.ZONE));
        quality.replace("Patient", patientId, sourceId, read.issues());
        PersonRecord record = read.record();
        records.save(sourceId, record);
        Optional<Long> existing = personOf(patientId);
        if (existing.isPresent()) {
            return adoptResidentId(patientId, existing.get(), record);
        }
        // A patient seen for the first time has no separations yet (they are made on linked patients).
        Profile profile = new Profile(record);
        Matcher.Decision decision = models.matcher().decide(profile, records.candidates(profile));
        long personKey;
        LinkRule rule;
        if (decision.outcome() == Outcome.LINK) {
            personKey = decision.person();
            rule = ruleOf(decision.best());
            if (record.residentId() != null) {
                claimResidentId(personKey, record.residentId());
            }
        } else {
            Placed placed = newPerson(record.residentId(), decision.outcome() == Outcome.REVIEW);
            personKey = placed.person();
            rule = placed.rule();
        }
        int linked = jdbc.update("""
                insert into patient_link (patient_id, person_key, source_id, source_patient_id, link_rule, linked_at)
                values (?,?,?,?,?,?) on conflict do nothing""",
                patientId, personKey, sourceId, sourcePatientId, rule.name(), Timestamp.from(Instant.now()));
        if (linked == 1) {
            Matcher.PersonScore best = decision.best();
            String why = decision.outcome() == Outcome.LINK ? best.score().rule()
                    : best == null ? "no candidate" : decision.outcome() == Outcome.REVIEW ? "review: " + best.score().rule() : "no match: " + best.score().rule();
            events.add(MpiEvents.Action.LINK, patientId, null, personKey, why, best == null ? null : best.score().weight(), HUB_ACTOR, null);
            if (decision.outcome() == Outcome.REVIEW) {
                decision.ranked().stream().filter(score -> score.score().outcome() == Outcome.REVIEW).limit(REVIEWS_PER_RECORD)
                        .forEach(score -> reviews.propose(patientId, score));
            }
            // The hub's rule decided, so the hub is the actor; the caller's transaction carries the entry.
            ledger.record(LedgerEvent.permit("identity.link").by(LedgerEvent.Actor.HUB).person(personKey)
                    .touched(List.of(new LedgerEvent.Touched("Patient/" + patientId, null))).because(rule.name() + ": " + why)
                    .detail("source", sourceId).detail("outcome", decision.outcome().name()));
        }
        return personOf(patientId).orElseThrow(() ->
                new DuplicateKeyException("Patient/" + patientId + " is being linked by a concurrent submission"));
    }

    private static LinkRule ruleOf(Matcher.PersonScore best) {
        String rule = best.score().rule();
        if (rule.startsWith("same resident ID")) {
            return LinkRule.RESIDENT_ID;
        }
        return rule.startsWith("same official identifier") ? LinkRule.OFFICIAL_ID : LinkRule.PROBABILISTIC;
    }

    private record Placed(long person, LinkRule rule) {
    }

    /**
     * A new person, holding the resident ID unless another person already holds it. When one does (a concurrent
     * submission created it after this record's candidates were read) the record joins it, unless
     * {@code conflicting}: then the record gets a person of its own and waits for review.
     */
    private Placed newPerson(ResidentId residentId, boolean conflicting) {
        if (residentId != null) {
            Optional<Long> holder = personByResidentId(residentId);
            if (holder.isEmpty()) {
                jdbc.update("insert into person (person_key, resident_id, created_at) values (nextval('person_key_seq'), ?, ?) on conflict do nothing",
                        residentId.value(), Timestamp.from(Instant.now()));
                holder = personByResidentId(residentId);
                if (holder.isEmpty()) {
                    // Another submission inserted this ID and has not committed (H2 does not wait for it): a key
                    // conflict, which ingest retries from the vault bytes once the other transaction is done.
                    throw new DuplicateKeyException("resident ID " + residentId.masked() + " is being linked by a concurrent submission");
                }
                return new Placed(holder.get(), LinkRule.SOURCE_PATIENT);
            }
            if (!conflicting) {
                return new Placed(holder.get(), LinkRule.RESIDENT_ID);
            }
        }
        return new Placed(moves.newPerson(), LinkRule.SOURCE_PATIENT);
    }

    private void claimResidentId(long personKey, ResidentId residentId) {
        jdbc.update("update person set resident_id = ? where person_key = ? and resident_id is null", residentId.value(), personKey);
    }

    /** A known patient whose record now carries a resident ID another person holds: join that person if it can. */
    private long adoptResidentId(String patientId, long personKey, PersonRecord record) {
        if (record.residentId() == null) {
            return personKey;
        }
        Optional<Long> holder = personByResidentId(record.residentId());
        if (holder.isEmpty()) {
            claimResidentId(personKey, record.residentId());
            return personKey;
        }
        if (holder.get() == personKey || reviews.separatedPersons(patientId).contains(holder.get())) {
            return personKey;
        }
        long siblings = jdbc.queryForObject("select count(*) from patient_link where person_key = ? and patient_id <> ?", Long.class,
                personKey, patientId);
        List<Matcher.Candidate> holderRecords = records.ofPerson(holder.get()).stream()
                .map(stored -> new Matcher.Candidate(new Profile(stored.record()), stored.personKey())).toList();
        Matcher.Decision decision = models.matcher().decide(new Profile(record), holderRecords);
        if (siblings == 0 && decision.outcome() == Outcome.LINK) {
            moves.move(patientId, holder.get(), MpiEvents.Action.MOVE, LinkRule.RESIDENT_ID, "resident ID appeared: " + decision.best().score().rule(),
                    decision.best().score().weight(), PersonMoves.Decider.HUB);
            return holder.get();
        }
        if (decision.best() != null) {
            reviews.propose(patientId, new Matcher.PersonScore(holder.get(), decision.best().recordId(), decision.best().score()));
        }
        return personKey;
    }

    /**
     * A source's statement that two of its patients are one (an HL7 v2 A40 merge, a FHIR {@code Patient.link} of type
     * {@code replaces}): the replaced patient's person merges into the survivor's, decided by the source. A no-op when
     * they already share a person, so a resent or replayed merge changes nothing. Both patients must be linked.
     *
     * @throws MergeRefusedException when the two persons hold different resident IDs
     */
    public void mergeReplaced(String survivorPatientId, String replacedPatientId, String sourceCode) {
        long survivor = personOf(survivorPatientId).orElseThrow(() -> new IllegalStateException("Patient/" + survivorPatientId + " is not linked"));
        long replaced = personOf(replacedPatientId).orElseThrow(() -> new IllegalStateException("Patient/" + replacedPatientId + " is not linked"));
        if (survivor != replaced) {
            moves.merge(survivor, replaced, "source " + sourceCode + ": Patient/" + replacedPatientId + " replaced by Patient/" + survivorPatientId,
                    new PersonMoves.Decider(sourceCode, new LedgerEvent.Actor(sourceCode, "SOURCE", sourceCode)));
        }
    }

    /** A patient's identity record as linking compares it (folded names, digits-only phone), its source and current person. */
    public record Identity(PersonRecord record, long sourceId, long personKey) {
    }

    /** The identity record of an indexed patient, for showing a review's evidence; empty for an unknown patient. */
    public Optional<Identity> identityOf(String patientId) {
        return records.find(patientId).map(stored -> new Identity(stored.record(), stored.sourceId(), stored.personKey()));
    }

    /** Identity records in the index: one per source patient. */
    public long recordCount() {
        return records.count();
    }

    public Optional<Long> personOf(String patientId) {
        return jdbc.queryForList("select person_key from patient_link where patient_id = ?", Long.class, patientId).stream().findFirst();
    }

    /** Person keys of the patients that are linked; unknown patients are absent from the map. */
    public Map<String, Long> personsOf(Collection<String> patientIds) {
        Map<String, Long> persons = new HashMap<>();
        List<String> all = List.copyOf(patientIds);
        for (int start = 0; start < all.size(); start += IN_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + IN_CHUNK));
            jdbc.query("select patient_id, person_key from patient_link where patient_id in ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        persons.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return persons;
    }

    public Optional<Long> personByResidentId(ResidentId residentId) {
        return jdbc.queryForList("select person_key from person where resident_id = ?", Long.class, residentId.value()).stream().findFirst();
    }

    public List<PatientLink> linksOf(long personKey) {
        return jdbc.query("select * from patient_link where person_key = ? order by linked_at", (rs, row) -> new PatientLink(
                rs.getString("patient_id"), rs.getLong("person_key"), rs.getLong("source_id"), rs.getString("source_patient_id"),
                LinkRule.valueOf(rs.getString("link_rule")), rs.getTimestamp("linked_at").toInstant()), personKey);
    }

    /** Persons that hold records (merged-away persons are not counted). */
    public long personCount() {
        return jdbc.queryForObject("select count(*) from person where merged_into is null", Long.class);
    }

    /** The person a merged person's records went to, following merges; the key itself when it was not merged. */
    public Optional<Long> survivorOf(long personKey) {
        return moves.survivorOf(personKey);
    }

    /** The most recently linked persons, for browsing. */
    public List<Long> recentPersons(int limit) {
        return new ArrayList<>(jdbc.queryForList("select person_key from person where merged_into is null order by person_key desc limit ?",
                Long.class, limit));
    }
}
