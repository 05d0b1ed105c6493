package org.cityhealth.hub.identity;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.identity.linkage.Field;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator API of the master person index: reviews, merge, unmerge, re-link, the model, data quality per source. */
@RestController
class MpiController {

    record Decision(ReviewQueue.Verdict verdict, String reason) {
    }

    record Merge(Long survivor, Long merged, String reason) {
    }

    record Unmerge(String patient, String reason) {
    }

    private final ReviewQueue reviews;
    private final PersonMoves moves;
    private final PersonIndex persons;
    private final MpiEvents events;
    private final Relink relink;
    private final MatchModels models;
    private final DataQuality quality;
    private final SourceRegistry sources;
    private final JdbcTemplate jdbc;

    MpiController(ReviewQueue reviews, PersonMoves moves, PersonIndex persons, MpiEvents events, Relink relink, MatchModels models,
                  DataQuality quality, SourceRegistry sources, JdbcTemplate jdbc) {
        this.reviews = reviews;
        this.moves = moves;
        this.persons = persons;
        this.events = events;
        this.relink = relink;
        this.models = models;
        this.quality = quality;
        this.sources = sources;
        this.jdbc = jdbc;
    }

    @GetMapping("/admin/mpi/reviews")
    Map<String, Object> reviews(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ReviewQueue.Review review : reviews.open(Math.min(Math.max(limit, 1), 500), Math.max(offset, 0))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", review.id());
            item.put("patient", review.patientId());
            item.put("candidatePerson", review.candidatePerson());
            item.put("candidatePatient", review.candidatePatient());
            item.put("weight", review.weight());
            item.put("rule", review.rule());
            Map<String, String> levels = new LinkedHashMap<>();
            int[] array = review.levelArray();
            for (Field field : Field.values()) {
                levels.put(field.name(), field.label(array[field.ordinal()]));
            }
            item.put("levels", levels);
            items.add(item);
        }
        return Map.of("open", reviews.openCount(), "reviews", items);
    }

    @PostMapping("/admin/mpi/reviews/{id}")
    ReviewQueue.Review decide(@PathVariable long id, @RequestBody Decision decision, Principal principal) {
        if (decision.verdict() == null) {
            throw new IllegalArgumentException("verdict must be LINK or SEPARATE");
        }
        return reviews.decide(id, decision.verdict(), decision.reason(), PersonMoves.Decider.caller(principal.getName()));
    }

    @PostMapping("/admin/mpi/merge")
    Map<String, Object> merge(@RequestBody Merge merge, Principal principal) {
        if (merge.survivor() == null || merge.merged() == null || merge.reason() == null || merge.reason().isBlank()) {
            throw new IllegalArgumentException("survivor, merged and reason are required");
        }
        int moved = moves.merge(merge.survivor(), merge.merged(), merge.reason(), PersonMoves.Decider.caller(principal.getName()));
        return Map.of("person", merge.survivor(), "movedPatients", moved);
    }

    @PostMapping("/admin/mpi/unmerge")
    Map<String, Object> unmerge(@RequestBody Unmerge unmerge, Principal principal) {
        if (unmerge.patient() == null) {
            throw new IllegalArgumentException("patient is required");
        }
        long person = reviews.unmerge(unmerge.patient(), unmerge.reason(), PersonMoves.Decider.caller(principal.getName()));
        return Map.of("patient", unmerge.patient(), "person", person);
    }

    @GetMapping("/admin/mpi/persons/{key}")
    Map<String, Object> person(@PathVariable long key) {
        long live = persons.survivorOf(key).orElseThrow(() -> new PersonNotFoundException(key));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("person", live);
        if (live != key) {
            body.put("mergedFrom", key);
        }
        body.put("links", persons.linksOf(live));
        body.put("history", events.ofPerson(live, 200));
        return body;
    }

    @GetMapping("/admin/mpi/patients")
    List<Map<String, Object>> patientsOfSource(@RequestParam String source) {
        Source found = sources.byCode(source).orElseThrow(() -> new PersonNotFoundException("source " + source));
        return jdbc.query("select patient_id, source_patient_id, person_key, link_rule from patient_link where source_id = ? order by patient_id",
                (rs, row) -> Map.<String, Object>of("patient", rs.getString(1), "sourcePatient", rs.getString(2),
                        "person", rs.getLong(3), "rule", rs.getString(4)), found.id());
    }

    @PostMapping("/admin/mpi/relink")
    ResponseEntity<Relink.Job> startRelink(Principal principal) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(relink.start(principal.getName()));
    }

    @GetMapping("/admin/mpi/relink/{id}")
    Relink.Job relinkJob(@PathVariable long id) {
        return relink.job(id).orElseThrow(() -> new PersonNotFoundException("re-link job " + id));
    }

    @GetMapping("/admin/mpi/model")
    Map<String, Object> model() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trained", models.matcher().trained());
        body.put("linkThreshold", models.thresholds().link());
        body.put("reviewThreshold", models.thresholds().review());
        models.estimate().ifPresent(estimate -> {
            body.put("estimatedAt", estimate.estimatedAt());
            body.put("records", estimate.records());
            body.put("pairs", estimate.pairs());
            body.put("iterations", estimate.iterations());
            body.put("converged", estimate.converged());
            body.put("lambda", estimate.model().lambda());
            Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
            for (Field field : Field.values()) {
                Map<String, Double> levels = new LinkedHashMap<>();
                for (int level = 0; level < field.levelCount(); level++) {
                    levels.put(field.label(level), Math.round(estimate.model().weight(field, level) * 100) / 100.0);
                }
                weights.put(field.name(), levels);
            }
            body.put("weights", weights);
        });
        return body;
    }

    @PostMapping("/admin/mpi/model")
    Map<String, Object> train() {
        models.train();
        return model();
    }

    @GetMapping("/admin/sources/{code}/quality")
    Map<String, Object> quality(@PathVariable String code, @RequestParam(defaultValue = "100") int limit) {
        Source source = sources.byCode(code).orElseThrow(() -> new PersonNotFoundException("source " + code));
        return Map.of("source", code, "counts", quality.countsOfSource(source.id()),
                "issues", quality.ofSource(source.id(), Math.min(Math.max(limit, 1), 1000)));
    }

    @ExceptionHandler(PersonNotFoundException.class)
    ProblemDetail notFound(PersonNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(MergeRefusedException.class)
    ProblemDetail refused(MergeRefusedException e) {
        return problem(HttpStatus.CONFLICT, "Refused", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
