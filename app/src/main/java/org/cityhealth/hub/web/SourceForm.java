package org.cityhealth.hub.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.cityhealth.hub.source.NewSource;

/**
 * The registration form as typed. It checks the same rules as {@link NewSource#problem()} once more, field
 * by field, so that each mistake is shown next to its field in the operator's language; the registry stays
 * the authority and its message is still shown should it refuse something this form let through.
 */
record SourceForm(String code, String name, String level, String district, String kind) {

    /** The kinds the registry accepts, in the order the form offers them. */
    static final List<String> KINDS = List.of("HOSPITAL", "CLINIC", "EXAM_CENTER", "PACS", "OTHER");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    static SourceForm empty() {
        return new SourceForm("", "", "", "", "HOSPITAL");
    }

    /** Field name → message key of what is wrong with it; empty when the form can be submitted. */
    Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            problems.put("code", "sources.error.code");
        }
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            problems.put("name", "sources.error.name");
        }
        if (kind != null && !kind.isBlank() && !KINDS.contains(kind.strip().toUpperCase())) {
            problems.put("kind", "sources.error.kind");
        }
        return problems;
    }

    NewSource toNewSource() {
        return new NewSource(code.strip(), name.strip(), level, district, kind);
    }
}
