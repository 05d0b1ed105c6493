package org.cityhealth.hub.fhir;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.access.Decision;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.ingest.FhirIngest;
import org.cityhealth.hub.ingest.IngestResult;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.SearchPage;
import org.cityhealth.hub.store.SearchRequest;
import org.cityhealth.hub.store.StoredResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The FHIR REST endpoints. */
@RestController
@RequestMapping("/fhir")
class FhirController {

    /** Page size of $everything when the client names none: a typical person's whole record in one page. */
    private static final int EVERYTHING_PAGE = 1000;
    /** Response buffer of a streamed bundle: errors before it first fills can still become an OperationOutcome. */
    private static final int STREAM_BUFFER = 64 * 1024;

    private final FhirIngest ingest;
    private final ResourceStore store;
    private final PersonIndex persons;
    private final FhirJson json;
    private final FhirSettings settings;
    private final ReadTrail trail;
    private final IdentityOperations identity;
    private final ClinicalGate gate;

    FhirController(FhirIngest ingest, ResourceStore store, PersonIndex persons, FhirJson json, FhirSettings settings, ReadTrail trail,
                   IdentityOperations identity, ClinicalGate gate) {
        this.gate = gate;
        this.trail = trail;
        this.identity = identity;
        this.ingest = ingest;
        this.store = store;
        this.persons = persons;
        this.json = json;
        this.settings = settings;
    }

    @GetMapping("/metadata")
    ResponseEntity<byte[]> metadata(HttpServletRequest request) {
        var statement = CapabilityStatements.build(FhirResponses.baseUrl(), getClass().getPackage().getImplementationVersion() == null
                ? "development" : getClass().getPackage().getImplementationVersion());
        FhirFormat format = FhirFormat.of(request);
        String body = format == FhirFormat.XML ? json.context().newXmlParser().encodeResourceToString(statement)
                : json.context().newJsonParser().encodeResourceToString(statement);
        return FhirResponses.respond(json, 200, body.getBytes(StandardCharsets.UTF_8), format, true);
    }

    @PostMapping({"", "/"})
    ResponseEntity<byte[]> submit(HttpServletRequest request) throws IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SourceAuthentication authentication)) {
            throw new FhirApiException(403, "forbidden", "Authorization", "only registered sources may submit records");
        }
        FhirFormat format = FhirFormat.of(request);
        IngestResult result = ingest.submitBundle(authentication.getPrincipal(), request.getInputStream(), request.getContentType(),
                request.getHeader("Content-Encoding"));
        ResponseEntity<byte[]> response = FhirResponses.respond(json, result.status(), result.body(), format, false);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header("X-CityHealth-Submission", Long.toString(result.submissionId()))
                .header("X-CityHealth-Resend", Boolean.toString(result.resend()))
                .body(response.getBody());
    }

    @GetMapping("/{type}")
    ResponseEntity<byte[]> search(@PathVariable String type, HttpServletRequest request) {
        requireType(type);
        FhirFormat format = FhirFormat.of(request);
        SearchRequest search = SearchParser.parse(type, request.getParameterMap(), settings);
        SearchPage page = store.search(search);
        List<BundleWriter.Link> links = pageLinks(request, search.offset(), search.count(), page.more());
        ClinicalGate.Reader reader = gate.reader();
        List<StoredResource> visible = page.resources().stream().filter(reader::visible).toList();
        // What the reader may not see is left out, and with it the total, which would count it.
        Long total = visible.size() == page.resources().size() ? page.total() : null;
        trail.many("fhir.search", type, request.getQueryString(), visible, reader.purpose());
        return FhirResponses.respond(json, 200, BundleWriter.write("searchset", total, links, visible, FhirResponses.baseUrl(), false), format, false);
    }

    /** Patient/$match: candidate patients for a described Patient, with score and match grade. */
    @PostMapping("/Patient/$match")
    ResponseEntity<byte[]> match(HttpServletRequest request) throws IOException {
        IdentityOperations.Answer answer = identity.match(request.getInputStream().readAllBytes(), request.getContentType(), FhirResponses.baseUrl());
        trail.many("fhir.match", "Patient/$match", null, answer.served(), org.cityhealth.hub.access.Purpose.HOPERAT);
        return FhirResponses.respond(json, 200, answer.body(), FhirFormat.of(request), false);
    }

    /** Patient/$ihe-pix (IHE PIXm): the identifiers and patients that the person index links to one identifier. */
    @GetMapping("/Patient/$ihe-pix")
    ResponseEntity<byte[]> pix(HttpServletRequest request) {
        String[] targets = request.getParameterValues("targetSystem");
        IdentityOperations.Answer answer = identity.pix(request.getParameter("sourceIdentifier"),
                targets == null ? List.of() : Arrays.stream(targets).flatMap(t -> Arrays.stream(t.split(","))).toList());
        trail.many("fhir.pix", "Patient/$ihe-pix", request.getQueryString(), answer.served(), org.cityhealth.hub.access.Purpose.HOPERAT);
        return FhirResponses.respond(json, 200, answer.body(), FhirFormat.of(request), false);
    }

    @GetMapping("/{type}/{id}")
    ResponseEntity<byte[]> read(@PathVariable String type, @PathVariable String id, HttpServletRequest request) {
        requireType(type);
        StoredResource resource = store.read(type, id)
                .orElseThrow(() -> new FhirApiException(404, "not-found", type + "/" + id, type + "/" + id + " is not known"));
        if (resource.deleted()) {
            throw new FhirApiException(410, "deleted", type + "/" + id, type + "/" + id + " was deleted");
        }
        Decision.Permit permit = gate.reader().require(resource);
        trail.read("fhir.read", resource, permit);
        return resourceResponse(resource, FhirFormat.of(request));
    }

    @GetMapping("/{type}/{id}/_history/{version}")
    ResponseEntity<byte[]> vread(@PathVariable String type, @PathVariable String id, @PathVariable String version,
                                 HttpServletRequest request) {
        requireType(type);
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new FhirApiException(400, "invalid", "version", "version must be a number: " + version);
        }
        StoredResource resource = store.readVersion(type, id, number)
                .orElseThrow(() -> new FhirApiException(404, "not-found", type + "/" + id, type + "/" + id + " has no version " + version));
        if (resource.deleted()) {
            throw new FhirApiException(410, "deleted", type + "/" + id, "version " + version + " of " + type + "/" + id + " is a deletion");
        }
        Decision.Permit permit = gate.reader().require(resource);
        trail.read("fhir.vread", resource, permit);
        return resourceResponse(resource, FhirFormat.of(request));
    }

    @GetMapping("/{type}/{id}/_history")
    ResponseEntity<byte[]> history(@PathVariable String type, @PathVariable String id, HttpServletRequest request) {
        requireType(type);
        StoredResource first = store.readVersion(type, id, 1)
                .orElseThrow(() -> new FhirApiException(404, "not-found", type + "/" + id, type + "/" + id + " is not known"));
        ClinicalGate.Reader reader = gate.reader();
        reader.require(first);
        Map<String, String[]> parameters = request.getParameterMap();
        int count = Math.min(Math.max(1, SearchParser.integer(parameters, "_count", settings.defaultPageSize())), settings.maxPageSize());
        int offset = Math.max(0, SearchParser.integer(parameters, "_offset", 0));
        Instant since = since(SearchParser.first(parameters, "_since"));
        List<StoredResource> versions = store.history(type, id, since, count + 1, offset);
        boolean more = versions.size() > count;
        List<StoredResource> page = (more ? versions.subList(0, count) : versions).stream().filter(reader::visible).toList();
        trail.many("fhir.history", type + "/" + id + "/_history", request.getQueryString(), page, reader.purpose());
        return FhirResponses.respond(json, 200, BundleWriter.write("history", null, pageLinks(request, offset, count, more), page, FhirResponses.baseUrl(), true),
                FhirFormat.of(request), false);
    }

    @GetMapping("/Patient/{id}/$everything")
    ResponseEntity<byte[]> everything(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        FhirFormat format = FhirFormat.of(request);
        StoredResource patient = store.read("Patient", id)
                .orElseThrow(() -> new FhirApiException(404, "not-found", "Patient/" + id, "Patient/" + id + " is not known"));
        if (patient.deleted()) {
            throw new FhirApiException(410, "deleted", "Patient/" + id, "Patient/" + id + " was deleted");
        }
        long personKey = persons.personOf(id).orElse(patient.personKey());
        ClinicalGate.Reader reader = gate.reader();
        Decision.Permit permit = reader.permit(personKey, "Patient/" + id);
        Map<String, String[]> parameters = request.getParameterMap();
        int count = Math.min(Math.max(1, SearchParser.integer(parameters, "_count", EVERYTHING_PAGE)), settings.maxPageSize());
        int offset = Math.max(0, SearchParser.integer(parameters, "_offset", 0));
        List<String> types = types(SearchParser.first(parameters, "_type"));
        Instant since = since(SearchParser.first(parameters, "_since"));
        SharedReferences referenced = new SharedReferences();
        if (format == FhirFormat.XML) {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            writeEverything(buffer, request, reader, permit, personKey, types, since, count, offset, referenced);
            // The XML answer is buffered whole; the JSON one is recorded before its last bytes (writeEverything).
            return FhirResponses.respond(json, 200, buffer.toByteArray(), format, false);
        }
        // A whole person's record can be megabytes: rows go from the database cursor straight to the client.
        response.setStatus(200);
        response.setContentType(format.contentType());
        OutputStream out = new java.io.BufferedOutputStream(response.getOutputStream(), STREAM_BUFFER);
        writeEverything(out, request, reader, permit, personKey, types, since, count, offset, referenced);
        out.flush();
        return null;
    }

    /**
     * Writes one page of a person's record, then the shared resources it refers to (organizations,
     * practitioners, locations…), as FHIR asks of $everything; those live outside the person's rows.
     */
    private void writeEverything(OutputStream out, HttpServletRequest request, ClinicalGate.Reader reader, Decision.Permit permit, long personKey, List<String> types, Instant since,
                                 int count, int offset, SharedReferences referenced) throws IOException {
        BundleWriter.Streaming bundle = new BundleWriter.Streaming(out, "searchset", FhirResponses.baseUrl(), false);
        ReadTrail.Collector served = new ReadTrail.Collector();
        boolean more = store.everything(personKey, types, since, count, offset, resource -> {
            if (!reader.visible(resource)) {
                return;
            }
            bundle.entry(resource);
            served.add(resource);
            referenced.collect(resource.body());
        });
        if (!referenced.ids().isEmpty()) {
            store.readCurrent(referenced.ids()).stream().filter(resource -> resource.personKey() == 0 && reader.visible(resource)).forEach(resource -> {
                bundle.include(resource);
                served.add(resource);
            });
        }
        trail.everything(personKey, request.getRequestURI().substring(request.getContextPath().length() + "/fhir/".length()),
                request.getQueryString(), served, permit);
        bundle.end(null, pageLinks(request, offset, count, more));
    }

    /** Everything else under /fhir: an OperationOutcome instead of the servlet container's error page. */
    @org.springframework.web.bind.annotation.RequestMapping("/**")
    ResponseEntity<byte[]> unsupported(HttpServletRequest request) {
        throw new FhirApiException(405, "not-supported", request.getRequestURI(),
                request.getMethod() + " " + request.getRequestURI() + " is not supported: submit records as a transaction or batch Bundle to POST /fhir");
    }

    private void requireType(String type) {
        if (!json.isResourceType(type)) {
            throw new FhirApiException(404, "not-supported", type, "unknown resource type " + type);
        }
    }

    private List<String> types(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> types = Arrays.stream(value.split(",")).map(String::strip).toList();
        for (String type : types) {
            requireType(type);
        }
        return types;
    }

    private static Instant since(String value) {
        if (value == null) {
            return null;
        }
        try {
            return FhirDates.range(value).low();
        } catch (IllegalArgumentException e) {
            throw new FhirApiException(400, "invalid", "_since", "_since must be a FHIR instant: " + value);
        }
    }

    private ResponseEntity<byte[]> resourceResponse(StoredResource resource, FhirFormat format) {
        ResponseEntity<byte[]> response = FhirResponses.respond(json, 200, resource.body(), format, false);
        return ResponseEntity.ok().headers(response.getHeaders())
                .eTag("W/\"" + resource.version() + "\"")
                .lastModified(resource.lastUpdated())
                .header(HttpHeaders.CONTENT_LOCATION, FhirResponses.baseUrl() + "/" + resource.type() + "/" + resource.id() + "/_history/" + resource.version())
                .body(response.getBody());
    }

    private static List<BundleWriter.Link> pageLinks(HttpServletRequest request, int offset, int count, boolean more) {
        List<Map.Entry<String, String>> base = new ArrayList<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!"_offset".equals(name)) {
                for (String value : values) {
                    base.add(Map.entry(name, value));
                }
            }
        });
        String path = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).toUriString();
        List<BundleWriter.Link> links = new ArrayList<>();
        links.add(new BundleWriter.Link("self", url(path, base, offset)));
        if (more) {
            links.add(new BundleWriter.Link("next", url(path, base, offset + count)));
        }
        if (offset > 0) {
            links.add(new BundleWriter.Link("previous", url(path, base, Math.max(0, offset - count))));
        }
        return links;
    }

    private static String url(String path, List<Map.Entry<String, String>> parameters, int offset) {
        List<Map.Entry<String, String>> all = new ArrayList<>(parameters);
        if (offset > 0) {
            all.add(Map.entry("_offset", Integer.toString(offset)));
        }
        if (all.isEmpty()) {
            return path;
        }
        return path + "?" + all.stream()
                .map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
