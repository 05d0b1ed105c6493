package org.cityhealth.hub.web;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.cityhealth.hub.identity.MatchModels;
import org.cityhealth.hub.identity.MergeRefusedException;
import org.cityhealth.hub.identity.MpiEvents;
import org.cityhealth.hub.identity.MpiSettings;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.identity.PersonMoves;
import org.cityhealth.hub.identity.PersonNotFoundException;
import org.cityhealth.hub.identity.Relink;
import org.cityhealth.hub.identity.ReviewQueue;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The person index pages: the state of the index and its model, the review queue, one review with its evidence and
 * the decision form, and the re-link job with a progress bar that htmx polls. Decisions go through the identity
 * module's services, which keep the history and write the ledger; this controller only turns their refusals into
 * messages in the operator's language.
 */
@Controller
class MpiPagesController {

    static final int PAGE_SIZE = 20;
    /** Days counted by the activity panel. */
    static final int ACTIVITY_DAYS = 30;

    /** The tiles at the top of the page. */
    record MpiKpis(long persons, long records, long openReviews) {
    }

    private final PersonIndex persons;
    private final ReviewQueue reviews;
    private final MpiEvents events;
    private final Relink relink;
    private final MatchModels models;
    private final MpiSettings settings;
    private final MpiViews views;
    private final MessageSource messages;

    MpiPagesController(PersonIndex persons, ReviewQueue reviews, MpiEvents events, Relink relink, MatchModels models,
                       MpiSettings settings, MpiViews views, MessageSource messages) {
        this.persons = persons;
        this.reviews = reviews;
        this.events = events;
        this.relink = relink;
        this.models = models;
        this.settings = settings;
        this.views = views;
        this.messages = messages;
    }

    @GetMapping("/mpi")
    String mpi(@RequestParam(name = "page", defaultValue = "0") int page, Locale locale, Model model,
               @RequestHeader(name = "HX-Request", required = false) String htmx,
               @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore) {
        int current = Math.max(0, Math.min(page, 100_000));
        List<ReviewQueue.Review> open = reviews.open(PAGE_SIZE + 1, current * PAGE_SIZE);
        boolean more = open.size() > PAGE_SIZE;
        long openCount = reviews.openCount();
        model.addAttribute("queue", views.rows(more ? open.subList(0, PAGE_SIZE) : open, new Labels(messages, locale)));
        model.addAttribute("page", current);
        model.addAttribute("more", more);
        model.addAttribute("openCount", openCount);
        model.addAttribute("pageSize", PAGE_SIZE);
        if (htmx != null && historyRestore == null) {
            return "mpi :: queue";
        }
        model.addAttribute("kpis", new MpiKpis(persons.personCount(), persons.recordCount(), openCount));
        model.addAttribute("trained", models.matcher().trained());
        model.addAttribute("estimate", models.estimate().orElse(null));
        model.addAttribute("thresholds", models.thresholds());
        model.addAttribute("minTrainingRecords", settings.minTrainingRecords());
        model.addAttribute("job", relink.latest().orElse(null));
        model.addAttribute("activity", MpiViews.activity(events.countsSince(Instant.now().minus(Duration.ofDays(ACTIVITY_DAYS)))));
        model.addAttribute("activityDays", ACTIVITY_DAYS);
        return "mpi";
    }

    /** The model's weights for /js/mpi.js (the CSP forbids inline data). */
    @GetMapping("/ui/api/mpi/model")
    @ResponseBody
    MpiViews.ModelChart modelChart(Locale locale) {
        return views.chart(new Labels(messages, locale));
    }

    /** Starts the re-link job (or finds the running one); htmx swaps in the panel, which then polls the job. */
    @PostMapping("/mpi/relink")
    String startRelink(Principal principal, Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        Relink.Job job = relink.start(principal.getName());
        if (htmx == null) {
            return "redirect:/mpi";
        }
        model.addAttribute("job", job);
        return "mpi :: relink";
    }

    /** The panel of one job: polled every second while the job runs, and without the trigger once it ended. */
    @GetMapping("/mpi/relink/{id}")
    String relinkJob(@PathVariable long id, Model model) {
        model.addAttribute("job", relink.job(id).orElseThrow(() -> new PageNotFoundException("re-link job " + id)));
        return "mpi :: relink";
    }

    @GetMapping("/mpi/reviews/{id}")
    String review(@PathVariable long id, Locale locale, Model model) {
        return reviewPage(find(id), locale, model);
    }

    /**
     * A reviewer's decision. Success goes back to the queue with a message; a refusal (already decided, different
     * resident IDs) shows the review again with the reason, under the status the JSON API would answer.
     */
    @PostMapping("/mpi/reviews/{id}")
    String decide(@PathVariable long id, @RequestParam(name = "verdict", required = false) String verdict,
                  @RequestParam(name = "reason", required = false) String reason, Principal principal, Locale locale, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        ReviewQueue.Review review = find(id);
        Labels labels = new Labels(messages, locale);
        ReviewQueue.Verdict decision = verdict(verdict);
        String error;
        HttpStatus status;
        if (review.status() != ReviewQueue.Status.OPEN) {
            error = alreadyDecided(review, labels);
            status = HttpStatus.CONFLICT;
        } else if (decision == null) {
            error = labels.get("mpi.review.error.verdict", "verdict");
            status = HttpStatus.BAD_REQUEST;
        } else if (reason == null || reason.isBlank()) {
            error = labels.get("mpi.review.error.reason", "reason");
            status = HttpStatus.BAD_REQUEST;
        } else {
            try {
                ReviewQueue.Review decided = reviews.decide(id, decision, reason.strip(), PersonMoves.Decider.caller(principal.getName()));
                long person = persons.personOf(decided.patientId()).orElse(decided.candidatePerson());
                redirect.addFlashAttribute("notice", decision == ReviewQueue.Verdict.LINK
                        ? labels.format("mpi.notice.linked", String.valueOf(id), String.valueOf(person))
                        : labels.format("mpi.notice.separated", String.valueOf(id)));
                redirect.addFlashAttribute("noticePerson", person);
                return "redirect:/mpi";
            } catch (MergeRefusedException e) {
                ReviewQueue.Review now = find(id);
                error = now.status() != ReviewQueue.Status.OPEN ? alreadyDecided(now, labels)
                        : labels.format("mpi.review.error.refused", e.getMessage());
                status = HttpStatus.CONFLICT;
            } catch (PersonNotFoundException | IllegalArgumentException e) {
                error = labels.format("mpi.review.error.refused", e.getMessage());
                status = HttpStatus.BAD_REQUEST;
            }
        }
        response.setStatus(status.value());
        model.addAttribute("error", error);
        model.addAttribute("reason", reason);
        return reviewPage(find(id), locale, model);
    }

    private String reviewPage(ReviewQueue.Review review, Locale locale, Model model) {
        model.addAttribute("detail", views.detail(review, new Labels(messages, locale)));
        model.addAttribute("trained", models.matcher().trained());
        model.addAttribute("thresholds", models.thresholds());
        return "mpi-review";
    }

    private ReviewQueue.Review find(long id) {
        return reviews.find(id).orElseThrow(() -> new PageNotFoundException("review " + id));
    }

    private static String alreadyDecided(ReviewQueue.Review review, Labels labels) {
        String status = labels.get("mpi.review.status." + review.status().name(), review.status().name());
        return review.decidedBy() == null
                ? labels.format("mpi.review.error.closed", String.valueOf(review.id()), status)
                : labels.format("mpi.review.error.decided", String.valueOf(review.id()), status, review.decidedBy());
    }

    private static ReviewQueue.Verdict verdict(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ReviewQueue.Verdict.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
