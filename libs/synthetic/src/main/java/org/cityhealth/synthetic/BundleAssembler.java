package org.cityhealth.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;

/**
 * Cuts a resident's chart into what each source sends and packs those pieces into transaction bundles.
 *
 * <p>A resident's share for one source becomes a {@link Fragment}: its bundle entries already serialised, plus the
 * practitioners they refer to. A bundle is then the source's Organization, the practitioners its fragments need, and
 * the fragments' bytes, so pending residents cost their JSON bytes and nothing more.
 */
final class BundleAssembler {

    /** One resident's entries for one source, serialised without the enclosing brackets. */
    record Fragment(byte[] entries, int resources, BitSet practitioners, long[] counts) {
    }

    private final CitySpec spec;
    private final SourceCatalog catalog;
    private final JsonFactory json;
    private final FhirJsonWriter writer = new FhirJsonWriter(FhirJsonWriter.Style.BUNDLE);

    BundleAssembler(CitySpec spec, SourceCatalog catalog, JsonFactory json) {
        this.spec = spec;
        this.catalog = catalog;
        this.json = json;
    }

    Fragment fragment(ResidentChart chart, SourceCatalog.Source source) {
        FhirJsonWriter.PatientView patient = patientView(spec, catalog, chart, source);
        List<ClinicalRecord> records = chart.recordsOf(source.index());
        BitSet practitioners = new BitSet();
        long[] counts = new long[ResourceTypes.ALL.size()];
        counts[ResourceTypes.index("Patient")]++;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 + 1200 * records.size());
        try (JsonGenerator g = json.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartArray();
            writer.patientEntry(g, patient);
            for (ClinicalRecord r : records) {
                writer.clinicalEntry(g, r, source, patient.id());
                counts[ResourceTypes.index(r.resourceType())]++;
                int p = practitionerOf(r);
                if (p >= 0) {
                    practitioners.set(p);
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        byte[] entries = new byte[all.length - 2];
        System.arraycopy(all, 1, entries, 0, entries.length);
        return new Fragment(entries, records.size() + 1, practitioners, counts);
    }

    /** A transaction bundle of {@code fragments},
            all for {@code source}; {@code number} counts the source's bundles. */
    GeneratedBundle bundle(SourceCatalog.Source source, List<Fragment> fragments, int number, long[] counts) {
        BitSet practitioners = new BitSet();
        int resources = 1;
        for (Fragment f : fragments) {
            practitioners.or(f.practitioners());
            resources += f.resources();
            for (int i = 0; i < counts.length; i++) {
                counts[i] += f.counts()[i];
            }
        }
        resources += practitioners.cardinality();
        counts[ResourceTypes.index("Organization")]++;
        counts[ResourceTypes.index("Practitioner")] += practitioners.cardinality();
        int size = 1024;
        for (Fragment f : fragments) {
            size += f.entries().length + 1;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size + 1024 * practitioners.cardinality());
        try {
            JsonGenerator g = json.createGenerator(bytes, JsonEncoding.UTF8);
            g.writeStartObject();
            g.writeStringField("resourceType", "Bundle");
            g.writeObjectFieldStart("identifier");
            g.writeStringField("system", "urn:cityhealth:source:" + source.code() + ":submission");
            g.writeStringField("value", String.format("%s-%06d", source.code(), number));
            g.writeEndObject();
            g.writeStringField("type", "transaction");
            g.writeArrayFieldStart("entry");
            writer.organizationEntry(g, source);
            for (int p = practitioners.nextSetBit(0); p >= 0; p = practitioners.nextSetBit(p + 1)) {
                writer.practitionerEntry(g, source, source.clinicians().get(p));
            }
            // The fragments are complete entries already: append their bytes behind the generator's back.
            g.flush();
            for (Fragment f : fragments) {
                bytes.write(',');
                bytes.write(f.entries());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedBundle(source.code(), bytes.toByteArray(), resources);
    }

    /**
     * The Patient a source holds: its own id and record number, the resident ID unless it is a young child the source
     * registered without one, the phone number the source was given (sometimes an outdated one), the death if the
     * source learnt of it, and whatever {@link IdentityNoise} the spec asks for.
     */
    static FhirJsonWriter.PatientView patientView(CitySpec spec, SourceCatalog catalog, ResidentChart chart,
                                                  SourceCatalog.Source source) {
        return patientView(spec, catalog, chart.resident(), source, chart.deathKnownTo(source.index()));
    }

    /** The Patient a source holds, with the death as given (the history decides it; null without one). */
    static FhirJsonWriter.PatientView patientView(CitySpec spec, SourceCatalog catalog, Resident r,
                                                  SourceCatalog.Source source, LocalDateTime deceased) {
        int index = r.index();
        boolean child = ResidentFactory.age(r.birthDate(), spec.historyEnd()) < 16;
        double noId = source.kind() == SourceKind.CLINIC ? 0.1 : 0.35;
        boolean withId = !child || Seeds.unit(spec.seed(), Seeds.Stream.SOURCE_VIEW, index, source.index()) >= noId;
        String phone = r.formerPhone() != null
                && Seeds.unit(spec.seed(), Seeds.Stream.SOURCE_VIEW, index, 1_000_000L + source.index()) < 0.3
                ? r.formerPhone() : r.phone();
        return new FhirJsonWriter.PatientView(catalog.patientId(source, index), r, source,
                catalog.medicalRecordNumber(source, index), PatientNoise.apply(spec, r, source, withId, phone),
                deceased);
    }

    static int practitionerOf(ClinicalRecord r) {
        return switch (r) {
            case ClinicalRecord.Encounter e -> e.practitioner();
            case ClinicalRecord.Condition c -> c.practitioner();
            case ClinicalRecord.DiagnosticReport d -> d.practitioner();
            case ClinicalRecord.MedicationRequest m -> m.practitioner();
            case ClinicalRecord.AllergyIntolerance a -> a.practitioner();
            case ClinicalRecord.Procedure p -> p.practitioner();
            case ClinicalRecord.ImagingStudy i -> i.practitioner();
            case ClinicalRecord.Immunization i -> i.practitioner();
            case ClinicalRecord.Observation o -> -1;
            case ClinicalRecord.MedicationStatement m -> -1;
        };
    }
}
