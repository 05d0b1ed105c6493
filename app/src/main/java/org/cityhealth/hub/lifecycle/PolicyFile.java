package org.cityhealth.hub.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.store.Tier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a lifecycle policy file (YAML) strictly: an unknown field, a wrong type, a malformed duration or a rule
 * without a tier is a {@link PolicyException} naming the rule and the field, so a typo stops start-up instead of
 * silently moving records by a rule that was not meant. Hand-written rather than bound by Spring because the
 * binder ignores unknown nested fields and its messages do not name the rule.
 */
final class PolicyFile {

    private static final Set<String> RULE_FIELDS = Set.of("name", "tier", "types", "categories", "codes", "status", "sources",
            "older-than", "younger-than", "person-reads-at-least", "person-reads-within", "person-deceased-for-more-than",
            "person-inactive-for-more-than");
    private static final Set<String> RETENTION_FIELDS = Set.of("name", "encounter-class", "years");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(d|w|mo|y)");

    private PolicyFile() {
    }

    static Policy parse(String yaml) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new PolicyException("lifecycle policy is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new PolicyException("lifecycle policy must be a mapping with 'rules' (and optionally 'retention')");
        }
        for (Object key : root.keySet()) {
            if (!"rules".equals(key) && !"retention".equals(key)) {
                throw new PolicyException("lifecycle policy: unknown top-level field '" + key + "' (known: rules, retention)");
            }
        }
        List<Policy.Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<?> ruleList = list(root.get("rules"), "lifecycle policy: 'rules'");
        if (ruleList.isEmpty()) {
            throw new PolicyException("lifecycle policy: 'rules' must list at least one rule");
        }
        for (int i = 0; i < ruleList.size(); i++) {
            Policy.Rule rule = rule(ruleList.get(i), i + 1);
            if (!names.add(rule.name())) {
                throw new PolicyException("lifecycle policy: rule " + (i + 1) + " '" + rule.name() + "': the name is used twice");
            }
            rules.add(rule);
        }
        List<Policy.RetentionRule> retention = new ArrayList<>();
        List<?> retentionList = root.containsKey("retention") ? list(root.get("retention"), "lifecycle policy: 'retention'") : List.of();
        for (int i = 0; i < retentionList.size(); i++) {
            retention.add(retention(retentionList.get(i), i + 1));
        }
        return new Policy(List.copyOf(rules), List.copyOf(retention));
    }

    private static Policy.Rule rule(Object item, int position) {
        String where = "lifecycle policy: rule " + position;
        Map<?, ?> fields = map(item, where);
        String name = fields.get("name") instanceof String text && !text.isBlank() ? text.strip() : null;
        if (name == null) {
            throw new PolicyException(where + ": field 'name' is required (a short text)");
        }
        where = where + " '" + name + "'";
        for (Object key : fields.keySet()) {
            if (!RULE_FIELDS.contains(key)) {
                throw new PolicyException(where + ": unknown field '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(RULE_FIELDS)) + ")");
            }
        }
        if (!(fields.get("tier") instanceof String tierName)) {
            throw new PolicyException(where + ": field 'tier' is required (hot, warm or cold)");
        }
        Tier tier;
        try {
            tier = Tier.parse(tierName);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(where + ": field 'tier': " + e.getMessage());
        }
        Integer reads = null;
        if (fields.containsKey("person-reads-at-least")) {
            if (!(fields.get("person-reads-at-least") instanceof Integer count) || count < 1) {
                throw new PolicyException(where + ": field 'person-reads-at-least' must be a whole number ≥ 1");
            }
            reads = count;
        }
        Duration readsWithin = duration(fields, "person-reads-within", where);
        if (readsWithin != null && reads == null) {
            throw new PolicyException(where + ": field 'person-reads-within' needs 'person-reads-at-least'");
        }
        if (reads != null && readsWithin == null) {
            readsWithin = Duration.ofDays(30);
        }
        Duration olderThan = duration(fields, "older-than", where);
        Duration youngerThan = duration(fields, "younger-than", where);
        if (olderThan != null && youngerThan != null && olderThan.compareTo(youngerThan) >= 0) {
            throw new PolicyException(where + ": field 'younger-than' must be longer than 'older-than', or the rule never matches");
        }
        return new Policy.Rule(name, tier, strings(fields, "types", where), strings(fields, "categories", where), strings(fields, "codes", where),
                strings(fields, "status", where), strings(fields, "sources", where), olderThan, youngerThan, reads, readsWithin,
                duration(fields, "person-deceased-for-more-than", where), duration(fields, "person-inactive-for-more-than", where));
    }

    private static Policy.RetentionRule retention(Object item, int position) {
        String where = "lifecycle policy: retention rule " + position;
        Map<?, ?> fields = map(item, where);
        String name = fields.get("name") instanceof String text && !text.isBlank() ? text.strip() : null;
        if (name == null) {
            throw new PolicyException(where + ": field 'name' is required");
        }
        where = where + " '" + name + "'";
        for (Object key : fields.keySet()) {
            if (!RETENTION_FIELDS.contains(key)) {
                throw new PolicyException(where + ": unknown field '" + key + "' (known: encounter-class, name, years)");
            }
        }
        if (!(fields.get("years") instanceof Integer years) || years < 1 || years > 200) {
            throw new PolicyException(where + ": field 'years' is required, a whole number from 1 to 200");
        }
        return new Policy.RetentionRule(name, strings(fields, "encounter-class", where), years);
    }

    private static Set<String> strings(Map<?, ?> fields, String field, String where) {
        Object value = fields.get(field);
        if (value == null) {
            return Set.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        Set<String> strings = new LinkedHashSet<>();
        for (Object item : items) {
            if (!(item instanceof String text) || text.isBlank()) {
                throw new PolicyException(where + ": field '" + field + "' must be a list of texts");
            }
            strings.add(text.strip());
        }
        return Set.copyOf(strings);
    }

    private static Duration duration(Map<?, ?> fields, String field, String where) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(String.valueOf(value).strip());
        if (!matcher.matches()) {
            throw new PolicyException(where + ": field '" + field + "' must be a duration like 30d, 6w, 6mo or 3y, not '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            case "mo" -> Duration.ofDays(30 * amount);
            default -> Duration.ofDays(365 * amount);
        };
    }

    private static List<?> list(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new PolicyException(where + " must be a list");
        }
        return list;
    }

    private static Map<?, ?> map(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new PolicyException(where + " must be a mapping of fields");
        }
        return map;
    }
}
