package org.cityhealth.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@code dir/<source>/<ResourceType>.ndjson[.gz]}, the FHIR bulk-data layout, one file per type per source.
 *
 * <p>Open files are bounded: clinics' files close as soon as their block of residents is done, and hospitals are
 * exported {@value #HOSPITALS_PER_PASS} at a time, each pass regenerating only the residents those hospitals know.
 * Gzip streams hold native buffers, so a city with 40 hospitals must not keep 600 of them open at once.
 */
final class NdjsonExport {

    static final int HOSPITALS_PER_PASS = 12;

    private final CitySpec spec;
    private final SourceCatalog catalog;
    private final ResidentFactory residents;
    private final HistoryGenerator history;
    private final JsonFactory json;
    private final FhirJsonWriter writer = new FhirJsonWriter(FhirJsonWriter.Style.NDJSON);
    private final long[] counts = new long[ResourceTypes.ALL.size()];

    NdjsonExport(CitySpec spec, SourceCatalog catalog, ResidentFactory residents, HistoryGenerator history,
            JsonFactory json) {
        this.spec = spec;
        this.catalog = catalog;
        this.residents = residents;
        this.history = history;
        this.json = json;
    }

    long[] write(Path dir, boolean gzip) throws IOException {
        List<SourceCatalog.Source> hospitals = catalog.hospitals();
        int passes = Math.max(1, (hospitals.size() + HOSPITALS_PER_PASS - 1) / HOSPITALS_PER_PASS);
        for (int pass = 0; pass < passes; pass++) {
            boolean[] inPass = new boolean[catalog.all().size()];
            for (int h = pass * HOSPITALS_PER_PASS; h < Math.min(hospitals.size(), (pass
                    + 1) * HOSPITALS_PER_PASS); h++) {
                inPass[hospitals.get(h).index()] = true;
            }
            if (pass == 0) {
                for (SourceCatalog.Source c : catalog.clinics()) {
                    inPass[c.index()] = true;
                }
                inPass[catalog.examCenter().index()] = true;
            }
            pass(dir, gzip, inPass);
        }
        return counts.clone();
    }

    private void pass(Path dir, boolean gzip, boolean[] inPass) throws IOException {
        Map<Integer, SourceFiles> open = new HashMap<>();
        try {
            for (int i = 0; i < spec.residents(); i++) {
                Resident resident = residents.create(i);
                ResidentChart chart = null;
                for (int s : resident.sources()) {
                    if (!inPass[s]) {
                        continue;
                    }
                    if (chart == null) {
                        chart = history.generate(resident);
                    }
                    SourceCatalog.Source source = catalog.get(s);
                    SourceFiles files = open.get(s);
                    if (files == null) {
                        files = new SourceFiles(dir, source, gzip);
                        open.put(s, files);
                    }
                    files.write(chart);
                }
                SourceCatalog.Source clinic = catalog.get(resident.clinic());
                if (i + 1 == catalog.clinicEnd(clinic) && open.containsKey(clinic.index())) {
                    open.remove(clinic.index()).close();
                }
            }
            // Sources nobody visited still get their Organization and Practitioners.
            for (int s = 0; s < inPass.length; s++) {
                if (inPass[s] && !open.containsKey(s) && !Files.exists(dir.resolve(catalog.get(s).code()))) {
                    open.put(s, new SourceFiles(dir, catalog.get(s), gzip));
                }
            }
        } finally {
            IOException failure = null;
            for (SourceFiles files : open.values()) {
                try {
                    files.close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** One source's open files, one per resource type, created on first use. */
    private final class SourceFiles implements AutoCloseable {
        private final Path dir;
        private final SourceCatalog.Source source;
        private final boolean gzip;
        private final JsonGenerator[] generators = new JsonGenerator[ResourceTypes.ALL.size()];

        SourceFiles(Path root, SourceCatalog.Source source, boolean gzip) throws IOException {
            this.dir = root.resolve(source.code());
            this.source = source;
            this.gzip = gzip;
            Files.createDirectories(dir);
            JsonGenerator g = generator("Organization");
            writer.organization(g, source);
            endLine(g, "Organization");
            for (SourceCatalog.Clinician c : source.clinicians()) {
                JsonGenerator p = generator("Practitioner");
                writer.practitioner(p, source, c);
                endLine(p, "Practitioner");
            }
        }

        void write(ResidentChart chart) throws IOException {
            FhirJsonWriter.PatientView patient = BundleAssembler.patientView(spec, catalog, chart, source);
            JsonGenerator g = generator("Patient");
            writer.patient(g, patient);
            endLine(g, "Patient");
            for (ClinicalRecord r : chart.records()) {
                if (r.source() != source.index()) {
                    continue;
                }
                JsonGenerator rg = generator(r.resourceType());
                writer.resource(rg, r, source, patient.id());
                endLine(rg, r.resourceType());
            }
        }

        private JsonGenerator generator(String type) throws IOException {
            int index = ResourceTypes.index(type);
            JsonGenerator g = generators[index];
            if (g == null) {
                Path file = dir.resolve(type + (gzip ? ".ndjson.gz" : ".ndjson"));
                OutputStream out = Files.newOutputStream(file);
                out = gzip ? new BufferedOutputStream(new GZIPOutputStream(out, 8192), 32 * 1024)
                        : new BufferedOutputStream(out, 32 * 1024);
                g = json.createGenerator(out, JsonEncoding.UTF8);
                g.setRootValueSeparator(null);
                generators[index] = g;
            }
            return g;
        }

        private void endLine(JsonGenerator g, String type) throws IOException {
            g.writeRaw('\n');
            counts[ResourceTypes.index(type)]++;
        }

        @Override
        public void close() throws IOException {
            for (JsonGenerator g : generators) {
                if (g != null) {
                    g.close();
                }
            }
        }
    }
}
