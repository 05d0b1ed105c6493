package org.cityhealth.hub.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cityhealth.hub.CityZone;
import org.cityhealth.identity.linkage.Matcher;
import org.cityhealth.identity.linkage.Outcome;
import org.cityhealth.identity.linkage.PairScore;
import org.cityhealth.identity.linkage.PersonRecord;
import org.cityhealth.identity.linkage.Profile;
import org.cityhealth.identity.linkage.RecordReader;
import org.springframework.stereotype.Service;

/**
 * Patient/$match: the stored patients that may be the person a client describes, scored as linking would score
 * them, with the FHIR match grade (certain: an identifier; probable: above the link threshold; possible: in the
 * review band). Patients the model calls distinct are not returned.
 */
@Service
public class PatientMatching {

    /** One matching stored patient. */
    public record Match(String patientId, long person, double score, String grade, String rule) {
    }

    private final MpiRecords records;
    private final MatchModels models;

    PatientMatching(MpiRecords records, MatchModels models) {
        this.records = records;
        this.models = models;
    }

    /**
     * The matches of a described Patient, strongest first; {@link IllegalArgumentException} when it carries nothing
     * to match on (no name, birth date, phone or identifier).
     */
    public List<Match> match(JsonNode patient, int count, boolean onlyCertain) {
        return match(patient, count, onlyCertain, false);
    }

    /**
     * A clinician's lookup by name and birth date: the model's candidates, and also every stored patient with exactly
     * that written name and birth date (grade "possible"), which the model may call distinct before it has been
     * estimated on enough records.
     */
    public List<Match> lookup(JsonNode patient, int count) {
        return match(patient, count, false, true);
    }

    private List<Match> match(JsonNode patient, int count, boolean onlyCertain, boolean sameNameAndBirthDate) {
        PersonRecord r = RecordReader.read(PatientIdentity.of("$match", patient), LocalDate.now(CityZone.ZONE)).record();
        if (r.fullName() == null && r.birthDate() == null && r.phone() == null && r.residentId() == null && r.badResidentId() == null
                && r.officialIds().isEmpty()) {
            throw new IllegalArgumentException("the Patient has nothing to match on: give a name, birth date, phone or identifier");
        }
        Profile profile = new Profile(r);
        Matcher matcher = models.matcher();
        List<Match> matches = new ArrayList<>();
        java.util.Set<String> exact = new java.util.HashSet<>();
        for (Matcher.Candidate candidate : records.candidates(profile)) {
            PairScore score = matcher.score(profile, candidate.profile());
            PersonRecord stored = candidate.profile().record();
            boolean sameName = sameNameAndBirthDate && r.fullName() != null && r.fullName().equals(stored.fullName()) && r.birthDate() != null
                    && r.birthDate().equals(stored.birthDate());
            if (sameName) {
                exact.add(candidate.profile().id());
            }
            if (score.outcome() == Outcome.DISTINCT) {
                if (sameName) {
                    matches.add(new Match(candidate.profile().id(), candidate.person(), 0, "possible", "same name and birth date"));
                }
                continue;
            }
            boolean certain = score.outcome() == Outcome.LINK && score.rule().startsWith("same ");
            String grade = certain ? "certain" : score.outcome() == Outcome.LINK ? "probable" : "possible";
            double probability = certain ? 1.0 : matcher.model().probability(score.weight());
            matches.add(new Match(candidate.profile().id(), candidate.person(), Math.round(probability * 10000) / 10000.0, grade, score.rule()));
        }
        // A lookup shows the patients with exactly the name and birth date asked for first.
        matches.sort(Comparator.comparing((Match m) -> !exact.contains(m.patientId())).thenComparingDouble(m -> -m.score())
                .thenComparing(Match::patientId));
        if (onlyCertain) {
            matches.removeIf(m -> !"certain".equals(m.grade()));
        }
        return matches.size() > count ? matches.subList(0, count) : matches;
    }
}
