package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.PatientLink;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.SearchPage;
import org.cityhealth.hub.store.StoredResource;
import org.cityhealth.hub.store.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Reads a person's cross-source record from the store and the person index and shapes it for the person
 * pages. Bodies are parsed as plain JSON trees: a page of a few thousand resources stays fast, and a
 * resource a source got slightly wrong still shows what it has.
 */
@Component
class PersonRecordReader {

    /** Resources read for one page: enough for a long life of care, bounded so one page cannot exhaust memory. */
    static final int MAX_RESOURCES = 5000;
    private static final int PAGE = 1000;
    private static final Logger log = LoggerFactory.getLogger(PersonRecordReader.class);

    private final PersonIndex persons;
    private final ResourceStore store;
    private final SourceRegistry sources;
    private final FhirJson json;
    private final MessageSource messages;

    PersonRecordReader(PersonIndex persons, ResourceStore store, SourceRegistry sources, FhirJson json, MessageSource messages) {
        this.persons = persons;
        this.store = store;
        this.sources = sources;
        this.json = json;
        this.messages = messages;
    }

    Optional<PersonRecord> read(long personKey, Locale locale) {
        return read(personKey, locale, resource -> true);
    }

    /** The record as far as {@code visible} lets the reader see it (a doctor's permit: own hospital, consents). */
    Optional<PersonRecord> read(long personKey, Locale locale, java.util.function.Predicate<StoredResource> visible) {
        List<PatientLink> links = persons.linksOf(personKey);
        List<StoredResource> resources = new ArrayList<>();
        boolean more = true;
        int offset = 0;
        while (more && offset < MAX_RESOURCES) {
            SearchPage page = store.everything(personKey, List.of(), null, Math.min(PAGE, MAX_RESOURCES - offset), offset);
            offset += page.resources().size();
            page.resources().stream().filter(visible).forEach(resources::add);
            more = page.more();
        }
        if (links.isEmpty() && resources.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Source> byId = sources.all().stream().collect(Collectors.toMap(Source::id, Function.identity()));
        Labels labels = new Labels(messages, locale);

        List<ClinicalEntry> entries = new ArrayList<>();
        StoredResource newestPatient = null;
        JsonNode newestPatientBody = null;
        for (StoredResource resource : resources) {
            JsonNode body = parse(resource);
            if (body == null) {
                continue;
            }
            if (resource.type().equals("Patient")
                    && (newestPatient == null || resource.lastUpdated().isAfter(newestPatient.lastUpdated()))) {
                newestPatient = resource;
                newestPatientBody = body;
            }
            ClinicalEntries.of(resource, body, labels).ifPresent(entries::add);
        }

        List<PersonRecord.LinkedPatient> patients = links.stream().map(link -> {
            Source source = byId.get(link.sourceId());
            return new PersonRecord.LinkedPatient(source == null ? "#" + link.sourceId() : source.code(),
                    source == null ? null : source.name(), link.sourcePatientId(), link.patientId(), link.rule().name(), link.linkedAt());
        }).toList();
        List<PersonTimeline.Lane> knownLanes = links.stream().map(PatientLink::sourceId).distinct()
                .map(id -> lane(id, byId)).toList();
        Map<Long, PersonTimeline.Lane> otherLanes = new LinkedHashMap<>();
        byId.keySet().forEach(id -> otherLanes.put(id, lane(id, byId)));
        Map<Long, String> codes = byId.values().stream().collect(Collectors.toMap(Source::id, Source::code));

        Demographics demographics = newestPatientBody == null ? Demographics.UNKNOWN
                : Demographics.of(newestPatientBody, LocalDate.now(FhirDates.LOCAL_ZONE));
        return Optional.of(new PersonRecord(personKey, demographics, patients, PersonSummary.of(entries, codes),
                PersonTimeline.of(entries, knownLanes, otherLanes), typeCounts(entries), resources.size(), more, ClinicalCharts.of(resources)));
    }

    /** Name, sex, birth date and the sources of each person, for the person list. */
    List<PersonCard> cards(List<Long> personKeys) {
        Map<Long, String> codes = sources.all().stream().collect(Collectors.toMap(Source::id, Source::code));
        LocalDate today = LocalDate.now(FhirDates.LOCAL_ZONE);
        return personKeys.stream().map(personKey -> {
            List<String> sourceCodes = persons.linksOf(personKey).stream()
                    .map(link -> codes.getOrDefault(link.sourceId(), "#" + link.sourceId())).distinct().toList();
            Demographics demographics = store.everything(personKey, List.of("Patient"), null, 20, 0).resources().stream()
                    .max(Comparator.comparing(StoredResource::lastUpdated))
                    .map(this::parse)
                    .map(body -> Demographics.of(body, today))
                    .orElse(Demographics.UNKNOWN);
            return new PersonCard(personKey, demographics, sourceCodes);
        }).toList();
    }

    private JsonNode parse(StoredResource resource) {
        try {
            return json.mapper().readTree(resource.body());
        } catch (IOException e) {
            // Stored bodies were validated on ingest; one that no longer parses is shown as missing, not as an error page.
            log.warn("cannot read stored {}/{}: {}", resource.type(), resource.id(), e.getMessage());
            return null;
        }
    }

    private static PersonTimeline.Lane lane(long sourceId, Map<Long, Source> byId) {
        Source source = byId.get(sourceId);
        return source == null ? new PersonTimeline.Lane(sourceId, "#" + sourceId, "#" + sourceId, 0)
                : new PersonTimeline.Lane(sourceId, source.code(), source.name(), 0);
    }

    private static List<PersonRecord.TypeCount> typeCounts(List<ClinicalEntry> entries) {
        Map<String, List<ClinicalEntry>> byType = entries.stream().collect(Collectors.groupingBy(ClinicalEntry::type));
        return byType.values().stream()
                .map(same -> new PersonRecord.TypeCount(same.getFirst().type(), same.getFirst().typeLabel(), same.size()))
                .sorted(Comparator.comparingLong(PersonRecord.TypeCount::count).reversed().thenComparing(PersonRecord.TypeCount::type))
                .toList();
    }
}
