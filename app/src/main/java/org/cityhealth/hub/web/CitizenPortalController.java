package org.cityhealth.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.cityhealth.hub.access.AccessSettings;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.BreakGlassLog;
import org.cityhealth.hub.access.ConsentRecord;
import org.cityhealth.hub.access.Consents;
import org.cityhealth.hub.access.Purpose;
import org.cityhealth.hub.access.VisitCodes;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.ResourceStore;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The citizen's home in the portal: their record across hospitals, who opened it in an emergency, which doctors are
 * asking for it, the in-visit code, and the whole record to take away (FHIR JSON and PDF). Only the signed-in citizen's
 * own person is ever read: the person key comes from their account, never from the request. Each read is on the ledger,
 * so it shows in "who accessed my record" like anyone else's.
 */
@Controller
class CitizenPortalController {

    /** Buffer between the store's cursor and the client for the JSON download. */
    private static final int STREAM_BUFFER = 64 * 1024;

    private final AccountService accounts;
    private final PersonRecordReader reader;
    private final Consents consents;
    private final BreakGlassLog breakGlass;
    private final VisitCodes visitCodes;
    private final AccessSettings settings;
    private final SourceRegistry sources;
    private final ResourceStore store;
    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final MessageSource messages;

    CitizenPortalController(AccountService accounts, PersonRecordReader reader, Consents consents, BreakGlassLog breakGlass,
                            VisitCodes visitCodes, AccessSettings settings, SourceRegistry sources, ResourceStore store, Ledger ledger,
                            ObjectMapper mapper, MessageSource messages) {
        this.accounts = accounts;
        this.reader = reader;
        this.consents = consents;
        this.breakGlass = breakGlass;
        this.visitCodes = visitCodes;
        this.settings = settings;
        this.sources = sources;
        this.store = store;
        this.ledger = ledger;
        this.mapper = mapper;
        this.messages = messages;
    }

    /** A hospital that holds records about the citizen, with the patient numbers it knows them by. */
    record Hospital(String code, String name, int records, List<String> patientNumbers) {
    }

    /** A break-the-glass access with the name of the doctor's hospital. */
    record Emergency(BreakGlassLog.Entry entry, String hospital) {
    }

    @GetMapping("/my")
    String home(Principal principal, @RequestParam(name = "page", defaultValue = "1") int page, Locale locale, Model model)
            throws JsonProcessingException {
        long personKey = personOf(accounts, principal);
        Optional<PersonRecord> record = reader.read(personKey, locale);
        ledger.record(read(personKey, "home").detail("resources", record.map(PersonRecord::resourceCount).orElse(0)));
        Instant now = Instant.now();
        Labels labels = new Labels(messages, locale);
        List<ConsentRecord> mine = consents.of(personKey);
        if (record.isPresent()) {
            model.addAttribute("person", record.get());
            model.addAttribute("hospitals", hospitals(record.get()));
            model.addAttribute("timeline", PortalTimeline.of(record.get().timeline(), page));
            model.addAttribute("chart", mapper.writeValueAsString(PortalTimeline.chart(record.get())));
            model.addAttribute("maxResources", PersonRecordReader.MAX_RESOURCES);
        }
        Map<String, String> hospitalNames = sources.all().stream().collect(Collectors.toMap(Source::code, Source::name, (a, b) -> a));
        model.addAttribute("emergencies", breakGlass.forPerson(personKey).stream()
                .map(entry -> new Emergency(entry, entry.organization() == null ? null : hospitalNames.get(entry.organization()))).toList());
        model.addAttribute("requests", mine.stream().filter(consent -> consent.status() == ConsentRecord.Status.PROPOSED)
                .map(consent -> ConsentView.of(consent, now, labels)).toList());
        model.addAttribute("consentsInForce", mine.stream().filter(consent -> consent.inForce(now)).count());
        model.addAttribute("approveUntil", today().plusDays(ConsentForm.DEFAULT_DAYS));
        model.addAttribute("today", today());
        return "my-home";
    }

    /** A new in-visit code, shown once: only its digest is kept, so a lost page means a new code. */
    @PostMapping("/my/codes")
    String visitCode(Principal principal, Model model) {
        VisitCodes.Issued issued = visitCodes.issue(personOf(accounts, principal));
        long seconds = Math.max(0, Duration.between(Instant.now(), issued.expiresAt()).toSeconds());
        model.addAttribute("code", issued.code());
        model.addAttribute("qr", QrSvg.of(issued.code()));
        model.addAttribute("expiresAt", issued.expiresAt());
        // Seconds left rather than the expiry instant: the countdown must not depend on the phone's clock being right.
        model.addAttribute("seconds", seconds);
        model.addAttribute("minutes", (seconds + 59) / 60);
        model.addAttribute("grantHours", settings.visitGrant().toHours());
        return "my-code";
    }

    /** The whole record as a FHIR collection Bundle, streamed; recorded on the ledger before its last bytes. */
    @GetMapping("/my/record.json")
    void recordJson(Principal principal, HttpServletResponse response) throws IOException {
        long personKey = personOf(accounts, principal);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment("my-health-record.json"));
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), STREAM_BUFFER);
        String baseUrl = ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir").toUriString();
        RecordBundleWriter bundle = new RecordBundleWriter(out, baseUrl, Instant.now());
        int resources = bundle.copy(store, personKey);
        ledger.record(read(personKey, "record.json").detail("resources", resources));
        bundle.end();
    }

    @GetMapping("/my/record.pdf")
    ResponseEntity<byte[]> recordPdf(Principal principal, Locale locale) {
        long personKey = personOf(accounts, principal);
        PersonRecord record = reader.read(personKey, locale).orElseThrow(() -> new PageNotFoundException("no record of person " + personKey));
        Map<Long, String> sourceNames = sources.all().stream().collect(Collectors.toMap(Source::id, Source::name));
        byte[] pdf = new RecordPdf().render(record, sourceNames, locale, Instant.now());
        ledger.record(read(personKey, "record.pdf").detail("resources", record.resourceCount()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment("my-health-record.pdf")).body(pdf);
    }

    /** The person of the signed-in citizen; an account not linked to a person has no portal. */
    static long personOf(AccountService accounts, Principal principal) {
        return accounts.personOf(principal.getName())
                .orElseThrow(() -> new PageNotFoundException("no person is linked to account " + principal.getName()));
    }

    /** The ledger entry of a portal page or download: the citizen reading their own record. */
    static LedgerEvent read(long personKey, String page) {
        return LedgerEvent.permit("portal.record").person(personKey).purpose(Purpose.PATRQT.name()).detail("page", page);
    }

    static LocalDate today() {
        return LocalDate.now(FhirDates.LOCAL_ZONE);
    }

    /** One line per hospital, in the timeline's order (the person's links first), patient numbers as the hospital wrote them. */
    private static List<Hospital> hospitals(PersonRecord record) {
        Map<String, List<String>> numbers = record.patients().stream().collect(Collectors.groupingBy(PersonRecord.LinkedPatient::sourceCode,
                Collectors.mapping(patient -> patient.sourcePatientId() == null ? patient.patientId() : patient.sourcePatientId(),
                        Collectors.toList())));
        return record.timeline().lanes().stream()
                .map(lane -> new Hospital(lane.code(), lane.name(), lane.entries(), numbers.getOrDefault(lane.code(), List.of())))
                .toList();
    }

    private static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename).build().toString();
    }
}
