package org.cityhealth.hub.web;

import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * Message lookups for code that builds view models (chart series names, timeline titles) rather than for
 * templates, which use {@code #{...}} directly. Unknown keys fall back to the given text, so a resource type
 * or code the hub has no translation for still shows as itself.
 */
record Labels(MessageSource messages, Locale locale) {

    String get(String key, String fallback) {
        return messages.getMessage(key, null, fallback, locale);
    }

    /** A message with arguments, such as "{0} series, {1} images". */
    String format(String key, Object... arguments) {
        return messages.getMessage(key, arguments, key, locale);
    }

    /** "检验/观察" for Observation; the type name itself when the hub has no label for it. */
    String resourceType(String type) {
        return get("fhir.type." + type, type);
    }
}
