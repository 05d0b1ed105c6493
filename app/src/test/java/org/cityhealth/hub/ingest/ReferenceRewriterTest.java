package org.cityhealth.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceRewriterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void rewritesEveryReferenceAndReportsWhereItIs() throws Exception {
        JsonNode resource = mapper.readTree("""
                {"resourceType":"DiagnosticReport","subject":{"reference":"Patient/1"},
                 "result":[{"reference":"Observation/a"},{"reference":"Observation/b","display":"x"}],
                 "contained":[{"resourceType":"Specimen","subject":{"reference":"#p"}}],
                 "code":{"text":"reference"}}""");
        List<String> locations = new ArrayList<>();
        ReferenceRewriter.rewrite(resource, "Bundle.entry[2].resource", (reference, location) -> {
            locations.add(location);
            return reference.startsWith("#") ? reference : "X/" + reference.replace('/', '-');
        });
        assertThat(resource.path("subject").path("reference").asText()).isEqualTo("X/Patient-1");
        assertThat(resource.path("result").get(1).path("reference").asText()).isEqualTo("X/Observation-b");
        assertThat(resource.path("contained").get(0).path("subject").path("reference").asText()).isEqualTo("#p");
        assertThat(resource.path("code").path("text").asText()).isEqualTo("reference");
        assertThat(locations).containsExactly("Bundle.entry[2].resource.subject.reference", "Bundle.entry[2].resource.result[0].reference",
                "Bundle.entry[2].resource.result[1].reference", "Bundle.entry[2].resource.contained[0].subject.reference");
    }

    @Test
    void visitsExactlyTheReferenceStringsOfArbitraryTrees() {
        qt().forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(seed -> {
            Random random = new Random(seed);
            ObjectNode root = mapper.createObjectNode();
            int planted = plant(root, random, 0);
            int[] seen = {0};
            ReferenceRewriter.rewrite(root, "r", (reference, location) -> {
                seen[0]++;
                return reference + "!";
            });
            assertThat(seen[0]).isEqualTo(planted);
            assertThat(root.toString().split("!\"", -1).length - 1).isEqualTo(planted);
        });
    }

    private int plant(ObjectNode node, Random random, int depth) {
        int planted = 0;
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(depth > 4 ? 2 : 4)) {
                case 0 -> {
                    planted += node.has("reference") ? 0 : 1;
                    node.put("reference", "T/" + random.nextInt(100));
                }
                case 1 -> node.put("f" + i, random.nextInt());
                case 2 -> planted += plant(node.putObject("o" + i), random, depth + 1);
                default -> {
                    ArrayNode array = node.putArray("a" + i);
                    for (int j = random.nextInt(3); j > 0; j--) {
                        planted += plant(array.addObject(), random, depth + 1);
                    }
                    array.add("reference");
                }
            }
        }
        return planted;
    }
}
