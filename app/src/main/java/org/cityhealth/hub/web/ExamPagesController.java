package org.cityhealth.hub.web;

import org.cityhealth.hub.feeds.ExamReports;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The health check-up pages: the most recent exams the exam centres sent, and one exam with its results grouped as
 * the centre groups them, flags highlighted, and the PDF report of the same exam when the centre sent one. Opening
 * an exam or its PDF is recorded in the ledger by person, as opening a person's record is.
 */
@Controller
class ExamPagesController {

    /** Exams listed on the overview page, newest exam date first. */
    private static final int RECENT = 100;

    private final ExamReports reports;
    private final Ledger ledger;

    ExamPagesController(ExamReports reports, Ledger ledger) {
        this.reports = reports;
        this.ledger = ledger;
    }

    @GetMapping("/exams")
    String exams(Model model) {
        ExamReports.ExamList list = reports.recent(RECENT);
        model.addAttribute("exams", list.exams());
        model.addAttribute("total", list.total());
        return "exams";
    }

    @GetMapping("/exams/{id}")
    String exam(@PathVariable String id, Model model) {
        ExamReports.ExamDetail exam = reports.exam(id).orElseThrow(() -> new PageNotFoundException("exam " + id));
        ledger.record(LedgerEvent.permit("ui.exam.view").person(exam.summary().personKey()));
        model.addAttribute("exam", exam);
        return "exam";
    }

    @GetMapping("/exams/{id}/documents/{documentId}")
    ResponseEntity<byte[]> pdf(@PathVariable String id, @PathVariable String documentId) {
        // Only a PDF of this very exam: the page links nothing else, and the path must not open any document by id.
        ExamReports.ExamPdf pdf = reports.pdf(id, documentId)
                .orElseThrow(() -> new PageNotFoundException("document " + documentId + " of exam " + id));
        ledger.record(LedgerEvent.permit("ui.exam.pdf").person(pdf.personKey()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename("exam-" + id + ".pdf").build().toString())
                .body(pdf.bytes());
    }
}
