package org.cityhealth.hub.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cityhealth.hub.store.SearchCriterion;
import org.cityhealth.hub.store.SearchRequest;
import org.junit.jupiter.api.Test;

class SearchParserTest {

    private final FhirSettings settings = new FhirSettings(50, 1000);

    private SearchRequest parse(String type, String... pairs) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.merge(pairs[i], new String[] {pairs[i + 1]}, (a, b) -> {
                String[] all = java.util.Arrays.copyOf(a, a.length + 1);
                all[a.length] = b[0];
                return all;
            });
        }
        return SearchParser.parse(type, parameters, settings);
    }

    @Test
    void readsTokensWithAndWithoutSystemsAsOrWithinAParameter() {
        SearchRequest request = parse("Observation", "code", "http://loinc.org|4548-4,8867-4,|local,http://loinc.org|");
        SearchCriterion.Tokens tokens = (SearchCriterion.Tokens) request.criteria().get(0);
        assertThat(tokens.values()).containsExactly(new SearchCriterion.Token("http://loinc.org", "4548-4"),
                new SearchCriterion.Token(null, "8867-4"), new SearchCriterion.Token("", "local"), new SearchCriterion.Token("http://loinc.org", null));
    }

    @Test
    void readsDatePrefixesAndRepeatedParametersAsAnd() {
        SearchRequest request = parse("Observation", "date", "ge2025-01-01", "date", "lt2025-02");
        assertThat(request.criteria()).hasSize(2);
        assertThat(((SearchCriterion.DateComparison) request.criteria().get(0)).prefix()).isEqualTo("ge");
        assertThat(((SearchCriterion.DateComparison) request.criteria().get(1)).prefix()).isEqualTo("lt");
    }

    @Test
    void acceptsTheTypesOwnNamesForDateAndCode() {
        assertThat(parse("MedicationRequest", "authoredon", "2024").criteria().get(0)).isInstanceOf(SearchCriterion.DateComparison.class);
        assertThat(((SearchCriterion.Tokens) parse("Immunization", "vaccine-code", "140").criteria().get(0)).param()).isEqualTo("code");
        assertThat(parse("Observation", "subject", "Patient/abc").criteria().get(0))
                .isEqualTo(new SearchCriterion.Patients(java.util.List.of("abc")));
    }

    @Test
    void readsContentAsTermsAllOfWhichEachCommaSeparatedTextNeeds() {
        SearchCriterion.Content content = (SearchCriterion.Content) parse("DocumentReference", "_content", "血压偏高,HbA1c 7.2").criteria().get(0);
        assertThat(content.alternatives()).containsExactly(java.util.List.of("血压", "压偏", "偏高"), java.util.List.of("hba1c", "7", "2"));
        assertThatThrownBy(() -> parse("DocumentReference", "_content", "——")).isInstanceOf(FhirApiException.class)
                .hasMessageContaining("_content");
        assertThatThrownBy(() -> parse("Observation", "_content", "血压")).isInstanceOf(FhirApiException.class)
                .hasMessageContaining("_content for Observation");
    }

    @Test
    void refusesUnknownParametersModifiersAndBadPaging() {
        assertThatThrownBy(() -> parse("Observation", "colour", "red")).isInstanceOf(FhirApiException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> parse("Observation", "code:text", "x")).isInstanceOf(FhirApiException.class).hasMessageContaining(":text");
        assertThatThrownBy(() -> parse("Organization", "date", "2024")).isInstanceOf(FhirApiException.class).hasMessageContaining("no date");
        assertThatThrownBy(() -> parse("Observation", "_count", "-1")).isInstanceOf(FhirApiException.class);
        assertThat(parse("Observation", "_count", "99999").count()).isEqualTo(1000);
        assertThat(parse("Observation", "_summary", "count").count()).isZero();
    }
}
