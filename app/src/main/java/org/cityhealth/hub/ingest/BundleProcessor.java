package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.ResourceWrite;
import org.cityhealth.hub.store.SearchParameters;
import org.springframework.stereotype.Component;

/**
 * Processes the entries of a transaction (or one entry of a batch) as the FHIR specification describes:
 * conditional creates and updates, {@code urn:uuid:} and relative references, conditional references,
 * then writes everything and answers one response entry per request entry. Runs inside a transaction;
 * any {@link IngestException} rolls the whole unit back.
 */
@Component
class BundleProcessor {

    private final ResourceStore store;
    private final IngestTrail trail;
    private final WritePlanner planner;
    private final FhirJson json;

    BundleProcessor(ResourceStore store, WritePlanner planner, FhirJson json, IngestTrail trail) {
        this.trail = trail;
        this.store = store;
        this.planner = planner;
        this.json = json;
    }

    /** What was done with one entry, for its response. */
    /** An entry's answer; a null status is a PUT's, "201 Created" or "200 OK" by the version its write gets. */
    private record Outcome(String status, String type, String hubId) {
    }

    /** The entries' responses, in request order, and how many resources were written. */
    record Result(List<ObjectNode> responses, int written) {
    }

    Result process(Source source, long submissionId, List<JsonNode> entries, int firstIndex) {
        // Microseconds: what both databases keep, so meta.lastUpdated and the stored column agree (re-derivation relies on it).
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Map<String, String> fullUrls = new HashMap<>();
        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        List<Incoming> incoming = new ArrayList<>();
        Set<String> targets = new HashSet<>();

        for (int i = 0; i < entries.size(); i++) {
            String location = "Bundle.entry[" + (firstIndex + i) + "]";
            JsonNode entry = entries.get(i);
            JsonNode request = entry.path("request");
            String method = request.path("method").asText("");
            String url = request.path("url").asText("");
            if (method.isEmpty() || url.isEmpty()) {
                throw new IngestException(400, "required", location + ".request", "every entry needs request.method and request.url");
            }
            JsonNode resourceNode = entry.path("resource");
            ObjectNode resource = resourceNode.isObject() ? (ObjectNode) resourceNode : null;
            String urlType = url.split("[/?]", 2)[0];
            if (!json.isResourceType(urlType)) {
                throw new IngestException(400, "not-supported", location + ".request.url", "unknown resource type in request.url: " + urlType);
            }
            Outcome outcome = switch (method) {
                case "POST" -> {
                    ObjectNode checked = requireResource(resource, urlType, location);
                    String ifNoneExist = request.path("ifNoneExist").asText(null);
                    String existing = conditional(source, urlType, ifNoneExist, location + ".request.ifNoneExist");
                    if (existing != null) {
                        yield new Outcome("200 OK", urlType, existing);
                    }
                    String sourceId = validSourceId(checked.path("id").asText(null), location);
                    // Without a source id, a conditional create is named by its criteria: two concurrent creates of
                    // the same thing then collide on the key, and the retried loser finds the winner's resource.
                    String hubId = sourceId != null ? HubIds.forSource(source.code(), urlType, sourceId)
                            : ifNoneExist != null && !ifNoneExist.isBlank() ? HubIds.forSource(source.code(), urlType, "?" + criteria(ifNoneExist))
                            : HubIds.random();
                    incoming.add(new Incoming(location + ".resource", urlType, hubId, sourceId, checked));
                    yield new Outcome("201 Created", urlType, hubId);
                }
                case "PUT" -> {
                    ObjectNode checked = requireResource(resource, urlType, location);
                    String hubId;
                    String sourceId;
                    if (url.contains("?")) {
                        String existing = conditional(source, urlType, url.substring(url.indexOf('?') + 1), location + ".request.url");
                        sourceId = validSourceId(checked.path("id").asText(null), location);
                        hubId = existing != null ? existing
                                : HubIds.forSource(source.code(), urlType, sourceId != null ? sourceId : "?" + criteria(url));
                    } else {
                        sourceId = idFromUrl(url, urlType, location);
                        String bodyId = checked.path("id").asText(null);
                        if (bodyId != null && !bodyId.equals(sourceId)) {
                            throw IngestException.invalid(location + ".resource.id", "resource id " + bodyId + " does not match request.url " + url);
                        }
                        hubId = HubIds.forSource(source.code(), urlType, sourceId);
                    }
                    incoming.add(new Incoming(location + ".resource", urlType, hubId, sourceId, checked));
                    // Created or updated is known once planned (a version 1 is new): no lookup per entry here.
                    yield new Outcome(null, urlType, hubId);
                }
                case "DELETE" -> {
                    String hubId = url.contains("?")
                            ? conditional(source, urlType, url.substring(url.indexOf('?') + 1), location + ".request.url")
                            : HubIds.forSource(source.code(), urlType, idFromUrl(url, urlType, location));
                    if (hubId != null && !store.currentVersions(urlType, List.of(hubId)).isEmpty()) {
                        incoming.add(new Incoming(location, urlType, hubId, null, null));
                    }
                    yield new Outcome("204 No Content", urlType, hubId);
                }
                default -> throw new IngestException(400, "not-supported", location + ".request.method",
                        "request.method " + method + " is not supported by the hub's ingest (POST, PUT and DELETE are)");
            };
            outcomes.put(i, outcome);
            if (outcome.hubId() != null) {
                String reference = outcome.type() + "/" + outcome.hubId();
                if ((method.equals("POST") && outcome.status().startsWith("201") || method.equals("PUT")) && !targets.add(reference)) {
                    throw IngestException.invalid(location, "two entries of this transaction write the same resource " + url);
                }
                String fullUrl = entry.path("fullUrl").asText(null);
                if (fullUrl != null) {
                    fullUrls.put(fullUrl, reference);
                }
            }
        }

        Map<String, String> referenceLocations = new HashMap<>();
        for (Incoming item : incoming) {
            if (!item.delete()) {
                ReferenceRewriter.rewrite(item.resource(), item.location(),
                        (reference, location) -> resolve(source, reference, location, fullUrls, incoming, referenceLocations));
            }
        }
        planner.requireExisting(referenceLocations, targets);
        List<ResourceWrite> writes = planner.plan(source, submissionId, now, incoming);
        store.write(writes);
        trail.stored(source, submissionId, writes);

        Map<String, ResourceWrite> written = new HashMap<>();
        writes.forEach(write -> written.put(write.type() + "/" + write.id(), write));
        List<ObjectNode> responses = new ArrayList<>();
        for (Outcome outcome : outcomes.values()) {
            ObjectNode response = json.mapper().createObjectNode();
            ObjectNode body = response.putObject("response");
            ResourceWrite write = outcome.hubId() == null ? null : written.get(outcome.type() + "/" + outcome.hubId());
            body.put("status", outcome.status() != null ? outcome.status() : write == null || write.version() == 1 ? "201 Created" : "200 OK");
            if (outcome.hubId() != null) {
                if (write != null) {
                    body.put("location", outcome.type() + "/" + outcome.hubId() + "/_history/" + write.version());
                    body.put("etag", "W/\"" + write.version() + "\"");
                    body.put("lastModified", now.toString());
                } else {
                    body.put("location", outcome.type() + "/" + outcome.hubId());
                }
            }
            responses.add(response);
        }
        return new Result(responses, writes.size());
    }

    private ObjectNode requireResource(ObjectNode resource, String urlType, String location) {
        if (resource == null) {
            throw new IngestException(400, "required", location + ".resource", "POST and PUT entries need a resource");
        }
        String type = resource.path("resourceType").asText("");
        if (!json.isResourceType(type)) {
            throw new IngestException(400, "not-supported", location + ".resource.resourceType",
                    type.isEmpty() ? "resource has no resourceType" : "unknown resourceType " + type);
        }
        if (!type.equals(urlType)) {
            throw IngestException.invalid(location + ".resource.resourceType", "resourceType " + type + " does not match request.url type " + urlType);
        }
        return resource;
    }

    /** The search part of {@code Type?a=b} or {@code a=b}: what names a conditionally created resource. */
    private static String criteria(String query) {
        return query.contains("?") ? query.substring(query.indexOf('?') + 1) : query;
    }

    private static String validSourceId(String id, String location) {
        if (id != null && !HubIds.FHIR_ID.matcher(id).matches()) {
            throw IngestException.invalid(location + ".resource.id", "not a valid FHIR id: " + id);
        }
        return id;
    }

    private static String idFromUrl(String url, String type, String location) {
        String[] parts = url.split("/");
        if (parts.length != 2 || !HubIds.FHIR_ID.matcher(parts[1]).matches()) {
            throw IngestException.invalid(location + ".request.url", "expected " + type + "/[id] but got " + url);
        }
        return parts[1];
    }

    /**
     * Resolves a search ({@code identifier=system|value}) within the source's own data: null when nothing
     * matches, the hub id when one does, HTTP 412 when several do, as FHIR prescribes for conditional operations.
     */
    private String conditional(Source source, String type, String query, String location) {
        if (query == null || query.isBlank()) {
            return null;
        }
        Set<String> matches = null;
        for (String pair : criteria(query).split("&")) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw IngestException.invalid(location, "cannot read search criteria " + query);
            }
            String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            List<String> ids;
            if ("_id".equals(name)) {
                ids = store.currentVersions(type, List.of(HubIds.forSource(source.code(), type, value))).keySet().stream().toList();
            } else {
                String param = SearchParameters.canonical(type, name);
                if (!"identifier".equals(param) && !"code".equals(param)) {
                    throw new IngestException(400, "not-supported", location,
                            "conditional operations support the identifier, code and _id parameters, not " + name);
                }
                int bar = value.indexOf('|');
                ids = bar < 0 ? store.idsByToken(type, param, null, value, source.id())
                        : store.idsByToken(type, param, value.substring(0, bar), value.substring(bar + 1), source.id());
            }
            if (matches == null) {
                matches = new HashSet<>(ids);
            } else {
                matches.retainAll(ids);
            }
        }
        if (matches == null || matches.isEmpty()) {
            return null;
        }
        if (matches.size() > 1) {
            throw new IngestException(412, "multiple-matches", location, "the search " + query + " matches more than one " + type);
        }
        return matches.iterator().next();
    }

    private String resolve(Source source, String reference, String location, Map<String, String> fullUrls,
                           List<Incoming> incoming, Map<String, String> referenceLocations) {
        if (reference.startsWith("#") || reference.isEmpty()) {
            return reference;
        }
        String mapped = fullUrls.get(reference);
        if (mapped != null) {
            return mapped;
        }
        if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
            throw new IngestException(400, "not-found", location, "reference " + reference + " matches no fullUrl in this bundle");
        }
        if (reference.startsWith("http://") || reference.startsWith("https://")) {
            return reference;
        }
        int question = reference.indexOf('?');
        if (question > 0) {
            String type = reference.substring(0, question);
            if (!json.isResourceType(type)) {
                throw IngestException.invalid(location, "unknown resource type in conditional reference " + reference);
            }
            String match = conditionalInBundle(type, reference.substring(question + 1), incoming);
            if (match == null) {
                match = conditional(source, type, reference.substring(question + 1), location);
            }
            if (match == null) {
                throw new IngestException(400, "not-found", location, "conditional reference " + reference + " matches no resource of this source");
            }
            return type + "/" + match;
        }
        String hubReference = planner.relative(source, reference);
        if (hubReference == null) {
            throw IngestException.invalid(location, "cannot read reference " + reference);
        }
        referenceLocations.putIfAbsent(hubReference, location);
        return hubReference;
    }

    /** A conditional reference may name a resource created by this same bundle (only identifier searches). */
    private static String conditionalInBundle(String type, String query, List<Incoming> incoming) {
        if (!query.startsWith("identifier=") || query.contains("&")) {
            return null;
        }
        String value = URLDecoder.decode(query.substring("identifier=".length()), StandardCharsets.UTF_8);
        int bar = value.indexOf('|');
        String system = bar < 0 ? null : value.substring(0, bar);
        String code = bar < 0 ? value : value.substring(bar + 1);
        for (Incoming item : incoming) {
            if (item.delete() || !item.type().equals(type)) {
                continue;
            }
            for (JsonNode identifier : item.resource().path("identifier")) {
                if (code.equals(identifier.path("value").asText()) && (system == null || system.equals(identifier.path("system").asText()))) {
                    return item.hubId();
                }
            }
        }
        return null;
    }

    static ArrayNode entries(JsonNode bundle) {
        JsonNode entries = bundle.path("entry");
        return entries.isArray() ? (ArrayNode) entries : null;
    }
}
