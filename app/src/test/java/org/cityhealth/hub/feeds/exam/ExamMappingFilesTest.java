package org.cityhealth.hub.feeds.exam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class ExamMappingFilesTest {

    private static final String VALID = """
            X1:
              columns: {resident-id: 身份证号, exam-id: 体检号, exam-date: 体检日期}
              results:
                - {column: 血红蛋白, loinc: 718-7, display: 血红蛋白, unit: g/L, low: 115, high: 150}
            """;

    @Test
    void theBuiltInExampleMapsTheDemoExamCentre() {
        Map<String, ExamMapping> mappings = ExamMappings.load("");
        ExamMapping e001 = mappings.get("E001");
        assertThat(e001.file()).isEqualTo("classpath:exam-mappings/E001.yml");
        assertThat(e001.csv().charset().name()).isEqualTo("GB18030");
        assertThat(e001.results()).extracting(ExamMapping.Result::key).contains("血红蛋白", "空腹血糖", "尿蛋白");
        assertThat(e001.results()).filteredOn(result -> result.key().equals("血红蛋白")).first()
                .satisfies(hemoglobin -> assertThat(hemoglobin.code()).isEqualTo("718-7"));
    }

    @Test
    void readsAValidMapping() {
        ExamMapping mapping = ExamMappingFiles.read("x.yml", VALID).get("X1");
        assertThat(mapping.layout()).isEqualTo(ExamMapping.Layout.WIDE);
        assertThat(mapping.csv().delimiter()).isEqualTo(',');
        assertThat(mapping.results().getFirst().system()).isEqualTo("http://loinc.org");
    }

    @Test
    void checksTheLoincCheckDigit() {
        assertThat(Loinc.problemWith("718-7")).isNull();
        assertThat(Loinc.problemWith("11502-2")).isNull();
        assertThat(Loinc.problemWith("14749-6")).isNull();
        assertThat(Loinc.problemWith("718-8")).contains("check digit should be 7");
        assertThat(Loinc.problemWith("HGB")).contains("not a LOINC code");
    }

    @Test
    void eachKindOfMistakeIsOneLineNamingFileSourceAndField() {
        assertRefused(VALID.replace("low: 115", "lwo: 115"),
                "exam mapping m.yml, source X1, results[1].lwo: unknown key");
        assertRefused(VALID.replace("exam-date: 体检日期", "exam-date: 体检号"),
                "exam mapping m.yml, source X1, columns.exam-date: column '体检号' is already the column of columns.exam-id");
        assertRefused(VALID.replace("exam-id: 体检号, ", ""),
                "exam mapping m.yml, source X1, columns.exam-id: missing");
        assertRefused(VALID.replace("resident-id: 身份证号, ", ""),
                "exam mapping m.yml, source X1, columns.resident-id: missing");
        assertRefused(VALID.replace("718-7", "718-8"),
                "exam mapping m.yml, source X1, results[1].loinc: '718-8' is not a LOINC code: its check digit should be 7");
        assertRefused(VALID.replace("unit: g/L", "unit: \"\""),
                "exam mapping m.yml, source X1, results[1].unit: '' is not a UCUM unit");
        assertRefused(VALID.replace("unit: g/L", "unit: μmol/L"),
                "exam mapping m.yml, source X1, results[1].unit: 'μmol/L' is not a UCUM unit");
        assertRefused(VALID + "    - {column: 血红蛋白, loinc: 718-7, display: 又一个, unit: g/L}\n",
                "exam mapping m.yml, source X1, results[2].column: '血红蛋白' is already mapped by results[1]");
        assertRefused(VALID.replace("loinc: 718-7", "local: HGB, loinc: 718-7"),
                "exam mapping m.yml, source X1, results[1]: give either a loinc or a local code");
        assertRefused(VALID.replace("X1:\n", "X1:\n  layout: tall\n"),
                "exam mapping m.yml, source X1, layout: 'tall' is neither wide nor long");
        assertRefused(VALID.replace("X1:\n", "X1:\n  layout: long\n"),
                "exam mapping m.yml, source X1, item-columns: missing");
        assertRefused(VALID.replace("X1:\n", "X1:\n  csv: {charset: NOPE-1}\n"),
                "exam mapping m.yml, source X1, csv.charset: unknown charset 'NOPE-1'");
        assertRefused("X1: [", "exam mapping m.yml: not valid YAML");
    }

    @Test
    void aSourceMappedInTwoFilesIsRefused(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("a.yml"), VALID);
        Files.writeString(directory.resolve("b.yaml"), VALID);
        assertThatThrownBy(() -> ExamMappings.load(directory.toString()))
                .hasMessage("exam mapping " + directory.resolve("b.yaml") + ", source X1: the source is already mapped in " + directory.resolve("a.yml"));
    }

    @Configuration
    @EnableConfigurationProperties(ExamSettings.class)
    @Import(ExamMappings.class)
    static class MappingsOnly {
    }

    @Test
    void theHubDoesNotStartWithAWrongMappingAndSaysWhyInOneLine(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("centre.yml");
        Files.writeString(file, VALID.replace("718-7", "718-1"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
                .withUserConfiguration(MappingsOnly.class)
                .withPropertyValues("cityhealth.feeds.exam.mappings=" + file)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = context.getStartupFailure();
                    while (cause.getCause() != null && !(cause instanceof InvalidExamMappingException)) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).isInstanceOf(InvalidExamMappingException.class).hasMessage("exam mapping " + file
                            + ", source X1, results[1].loinc: '718-1' is not a LOINC code: its check digit should be 7");
                    assertThat(new ExamMappingFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                            .isEqualTo(cause.getMessage()).doesNotContain("\n");
                });
    }

    private static void assertRefused(String yaml, String messageStart) {
        assertThatThrownBy(() -> ExamMappingFiles.read("m.yml", yaml))
                .isInstanceOf(InvalidExamMappingException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
