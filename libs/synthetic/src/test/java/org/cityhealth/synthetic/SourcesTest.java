package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {

    @Test
    void aCityHasGradedHospitalsCommunityClinicsAndOneExamCentre() {
        List<SyntheticSource> sources = new CityGenerator(CitySpec.ofResidents(1_000_000, 1)).sources();
        assertThat(sources).hasSize(40 + 200 + 1);
        assertThat(sources.getFirst()).isEqualTo(new SyntheticSource("H001", "杭州市第一人民医院", "三级甲等", "上城区",
                SourceKind.HOSPITAL));
        assertThat(sources.get(40).code()).isEqualTo("C001");
        assertThat(sources.get(40).name()).endsWith("社区卫生服务中心");
        assertThat(sources.getLast().code()).isEqualTo("E001");
        assertThat(sources.getLast().kind()).isEqualTo(SourceKind.EXAM_CENTER);
        assertThat(new HashSet<>(sources.stream().map(SyntheticSource::name).toList())).as("names are unique")
                .hasSize(sources.size());
        assertThat(sources.stream().map(SyntheticSource::level)).contains("三级甲等", "三级乙等", "二级甲等", "二级乙等");
        assertThat(sources.stream().map(SyntheticSource::district)).contains("上城区", "拱墅区", "西湖区", "滨江区", "萧山区",
                "余杭区");
    }

    @Test
    void writesSourcesJsonAndGroundTruthCsv(@TempDir Path dir) throws IOException {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(120, 6));
        GenerationSummary summary = city.writeBundles(dir);

        JsonNode sources = FhirTestSupport.JSON.readTree(dir.resolve("sources.json").toFile());
        assertThat(sources.size()).isEqualTo(city.sources().size());
        for (int i = 0; i < sources.size(); i++) {
            SyntheticSource s = city.sources().get(i);
            assertThat(sources.get(i).path("code").asText()).isEqualTo(s.code());
            assertThat(sources.get(i).path("name").asText()).isEqualTo(s.name());
            assertThat(sources.get(i).path("level").asText()).isEqualTo(s.level());
            assertThat(sources.get(i).path("district").asText()).isEqualTo(s.district());
            assertThat(sources.get(i).path("kind").asText()).isEqualTo(s.kind().name());
        }

        List<String> csv = Files.readAllLines(dir.resolve("residents.csv"));
        assertThat(csv.getFirst()).isEqualTo("index,residentId,sourceCode,sourcePatientId");
        long rows = 0;
        var truths = city.residents();
        while (truths.hasNext()) {
            ResidentTruth t = truths.next();
            for (var e : t.sourcePatientIds().entrySet()) {
                assertThat(csv.get((int) ++rows)).isEqualTo(t.index() + "," + t.residentId() + "," + e.getKey()
                        + "," + e.getValue());
                assertThat(dir.resolve(e.getKey()).resolve("bundle-000001.json")).exists();
            }
        }
        assertThat(csv).hasSize((int) rows + 1);
        assertThat(summary.residents()).isEqualTo(120);
        assertThat(summary.bundles()).isEqualTo(rows);
        assertThat(summary.resourcesByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(summary.resources());
        double perResident = (summary.resources() - summary.resourcesByType().get("Organization")
                - summary.resourcesByType().get("Practitioner")) / 120.0;
        assertThat(perResident).as("resources per resident over ten years").isBetween(40.0, 160.0);
    }
}
