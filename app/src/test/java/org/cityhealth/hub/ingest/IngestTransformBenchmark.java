package org.cityhealth.hub.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.cityhealth.hub.store.ResourceIndexer;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost of turning a submitted transaction bundle into stored rows, per bundle of {@code resources}
 * entries: the hub's Jackson-tree path (parse, rewrite references, index, serialise) against the HAPI
 * model path it replaced (parse into model objects, encode each resource). Run:
 * {@code ./mvnw -q -pl app test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp %classpath org.openjdk.jmh.Main IngestTransform"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestTransformBenchmark {

    @Param({"50"})
    int resources;

    private byte[] bundle;
    private final ObjectMapper mapper = new ObjectMapper();
    private final IParser hapi = FhirContext.forR4Cached().newJsonParser();

    @Setup
    public void createBundle() {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        json.append("""
                {"resource":{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"11010519491231002X"}],
                 "name":[{"text":"王秀英","family":"王","given":["秀英"]}],"gender":"female","birthDate":"1949-12-31"},"request":{"method":"PUT","url":"Patient/p1"}}""");
        for (int i = 1; i < resources; i++) {
            json.append(",").append("""
                    {"fullUrl":"urn:uuid:o%d","resource":{"resourceType":"Observation","id":"o%d","status":"final",
                     "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
                     "code":{"coding":[{"system":"http://loinc.org","code":"14749-6","display":"葡萄糖"}]},"subject":{"reference":"Patient/p1"},
                     "effectiveDateTime":"2025-01-10T09:10:00+08:00","valueQuantity":{"value":%d.4,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},
                     "referenceRange":[{"low":{"value":3.9,"unit":"mmol/L"},"high":{"value":6.1,"unit":"mmol/L"}}]},
                     "request":{"method":"POST","url":"Observation"}}""".formatted(i, i, 5 + i % 4));
        }
        bundle = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void hubJacksonTree(Blackhole sink) throws Exception {
        JsonNode tree = mapper.readTree(bundle);
        for (JsonNode entry : tree.path("entry")) {
            ObjectNode resource = (ObjectNode) entry.path("resource");
            String type = resource.path("resourceType").asText();
            ReferenceRewriter.rewrite(resource, "entry", (reference, location) ->
                    reference.startsWith("Patient/") ? "Patient/" + HubIds.forSource("H001", "Patient", reference.substring(8)) : reference);
            sink.consume(ResourceIndexer.index(type, resource));
            resource.put("id", HubIds.forSource("H001", type, resource.path("id").asText()));
            sink.consume(mapper.writeValueAsBytes(resource));
        }
    }

    @Benchmark
    public void hapiModelBaseline(Blackhole sink) {
        Bundle parsed = hapi.parseResource(Bundle.class, new String(bundle, StandardCharsets.UTF_8));
        for (Bundle.BundleEntryComponent entry : parsed.getEntry()) {
            sink.consume(hapi.encodeResourceToString(entry.getResource()));
        }
    }
}
