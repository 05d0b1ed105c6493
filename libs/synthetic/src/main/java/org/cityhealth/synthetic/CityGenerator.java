package org.cityhealth.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Generates the synthetic city described by a {@link CitySpec}: its hospitals, clinics and exam centre, and for every
 * resident the records each of those sources holds, as FHIR R4 transaction bundles or NDJSON.
 *
 * <p>Output is a pure function of the spec: the same spec gives byte-identical files on every run and machine.
 * Residents are generated one at a time from (seed, index), so memory does not grow with the number of residents.
 * All data is synthetic; resemblance to real people is impossible by construction (names, IDs and histories are drawn
 * independently), although districts, roads and hospital names are Hangzhou's.
 *
 * <p>Instances are immutable and thread-safe; each iterator they return is for one thread.
 */
public final class CityGenerator {

    private final CitySpec spec;
    private final SourceCatalog catalog;
    private final ResidentFactory residentFactory;
    private final HistoryGenerator history;
    private final JsonFactory json = JsonFactory.builder().build();

    public CityGenerator(CitySpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec is null");
        this.catalog = new SourceCatalog(spec);
        this.residentFactory = new ResidentFactory(spec, catalog);
        this.history = new HistoryGenerator(spec, catalog, new FluCalendar(spec));
    }

    public CitySpec spec() {
        return spec;
    }

    /** Hospitals ({@code H001}…), then clinics ({@code C001}…), then the exam centre {@code E001}. */
    public List<SyntheticSource> sources() {
        return catalog.infos();
    }

    /**
     * Transaction bundles, lazily: each holds {@code residentsPerBundle} residents' records for one source (a source's
     * last bundle may hold fewer). Bundles of different sources interleave in resident order.
     */
    public Iterator<GeneratedBundle> bundles() {
        return newStream();
    }

    /**
     * Writes {@code dir/sources.json}, {@code dir/residents.csv} and {@code dir/<sourceCode>/bundle-000001.json} …,
     * numbered per source in the order a source would submit them.
     */
    public GenerationSummary writeBundles(Path dir) {
        Objects.requireNonNull(dir, "dir is null");
        try {
            Files.createDirectories(dir);
            writeSources(dir.resolve("sources.json"));
            writeResidentsCsv(dir.resolve("residents.csv"));
            BundleStream stream = newStream();
            Map<String, Integer> numbers = new HashMap<>();
            while (stream.hasNext()) {
                GeneratedBundle bundle = stream.next();
                int number = numbers.merge(bundle.sourceCode(), 1, Integer::sum);
                Path sourceDir = dir.resolve(bundle.sourceCode());
                if (number == 1) {
                    Files.createDirectories(sourceDir);
                }
                Files.write(sourceDir.resolve(String.format("bundle-%06d.json", number)), bundle.json());
            }
            return new GenerationSummary(spec.residents(), stream.resources(), stream.bundles(),
                    ResourceTypes.toMap(stream.counts()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code dir/sources.json}, {@code dir/residents.csv} and {@code dir/<sourceCode>/<ResourceType>.ndjson}
     * (or {@code .ndjson.gz}): one resource per line, references relative ({@code Encounter/<id>}), each source's
     * Organization and Practitioners included.
     */
    public GenerationSummary writeNdjson(Path dir, boolean gzip) {
        Objects.requireNonNull(dir, "dir is null");
        try {
            Files.createDirectories(dir);
            writeSources(dir.resolve("sources.json"));
            writeResidentsCsv(dir.resolve("residents.csv"));
            long[] counts = new NdjsonExport(spec, catalog, residentFactory, history, json).write(dir, gzip);
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return new GenerationSummary(spec.residents(), total, 0, ResourceTypes.toMap(counts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ground truth per resident, lazily and cheaply (no history is generated): who they are, their twin, their former
     * name, and per source the Patient id, whether it carries a resident ID and which identity noise it got.
     */
    public Iterator<ResidentTruth> residents() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < spec.residents();
            }

            @Override
            public ResidentTruth next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return truth(residentFactory.create(next++));
            }
        };
    }

    /**
     * Every source's Patient resource, lazily and cheaply: residents in index order, each resident's sources in
     * catalog order, no clinical history generated — a city of a million residents streams through in seconds with
     * flat memory, for record-linkage benchmarks that need only identities.
     *
     * <p>Each {@link GeneratedPatient#json()} is the Patient exactly as {@link #writeNdjson} writes it, identity noise
     * included, with one exception: {@code deceasedDateTime} is absent, because when and whether a resident dies is
     * decided by their history, which this view does not generate.
     */
    public Iterator<GeneratedPatient> patients() {
        return new Iterator<>() {
            private final FhirJsonWriter writer = new FhirJsonWriter(FhirJsonWriter.Style.NDJSON);
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
            private final ArrayDeque<GeneratedPatient> ready = new ArrayDeque<>();
            private int next;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && next < spec.residents()) {
                    Resident r = residentFactory.create(next++);
                    for (int s : r.sources()) {
                        SourceCatalog.Source source = catalog.get(s);
                        FhirJsonWriter.PatientView view = BundleAssembler.patientView(spec, catalog, r, source, null);
                        buffer.reset();
                        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
                            writer.patient(g, view);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        ready.add(new GeneratedPatient(source.code(), view.id(), r.index(),
                                buffer.toString(StandardCharsets.UTF_8)));
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public GeneratedPatient next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private ResidentTruth truth(Resident r) {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, SourceRecordTruth> records = new LinkedHashMap<>();
        for (int s : r.sources()) {
            SourceCatalog.Source source = catalog.get(s);
            // The same view the exports write, so the truth cannot disagree with the records.
            FhirJsonWriter.PatientView view = BundleAssembler.patientView(spec, catalog, r, source, null);
            ids.put(source.code(), view.id());
            records.put(source.code(), new SourceRecordTruth(view.id(), view.sent().residentId() != null,
                    view.sent().noise()));
        }
        return new ResidentTruth(r.index(), r.residentId(), r.name(), r.birthDate(), r.gender(),
                Collections.unmodifiableMap(ids), r.twinOf(),
                r.formerGiven() == null ? null : r.family() + r.formerGiven(), Collections.unmodifiableMap(records));
    }

    private BundleStream newStream() {
        return new BundleStream(spec, catalog, residentFactory, history, new BundleAssembler(spec, catalog, json));
    }

    private void writeSources(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartArray();
            for (SyntheticSource s : sources()) {
                g.writeStartObject();
                g.writeStringField("code", s.code());
                g.writeStringField("name", s.name());
                g.writeStringField("level", s.level());
                g.writeStringField("district", s.district());
                g.writeStringField("kind", s.kind().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    /**
     * The ground truth as CSV, one row per source record. With identity noise three columns follow, so that a
     * benchmark run from files knows what {@link #residents()} knows: {@code twinOf} (index or -1),
     * {@code residentIdSent} (whether the record carries a resident ID, possibly mistyped) and {@code noise} (the
     * {@link NoiseKind}s applied to the record, separated by {@code |}). Without noise the file is as it always was.
     */
    private void writeResidentsCsv(Path file) throws IOException {
        boolean noise = !spec.identityNoise().isNone();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(noise ? "index,residentId,sourceCode,sourcePatientId,twinOf,residentIdSent,noise\n"
                    : "index,residentId,sourceCode,sourcePatientId\n");
            for (int i = 0; i < spec.residents(); i++) {
                Resident r = residentFactory.create(i);
                for (int s : r.sources()) {
                    SourceCatalog.Source source = catalog.get(s);
                    out.write(i + "," + r.residentId() + "," + source.code() + "," + catalog.patientId(source, i));
                    if (noise) {
                        PatientNoise.Sent sent = BundleAssembler.patientView(spec, catalog, r, source, null).sent();
                        StringJoiner kinds = new StringJoiner("|");
                        sent.noise().forEach(k -> kinds.add(k.name()));
                        out.write("," + r.twinOf() + "," + (sent.residentId() != null) + "," + kinds);
                    }
                    out.write("\n");
                }
            }
        }
    }

    /** For tests: the full chart of one resident, across sources. */
    ResidentChart chart(int index) {
        return history.generate(residentFactory.create(index));
    }
}
