package org.cityhealth.hub.feeds.exam;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Exam-center exports. {@code mappings} is a YAML file or a directory of them saying, per source code, which
 * column of the centre's files holds what; empty means the built-in example on the classpath
 * ({@code exam-mappings/*.yml}), which covers the demo's exam centre.
 */
@ConfigurationProperties("cityhealth.feeds.exam")
public record ExamSettings(@DefaultValue("") String mappings) {
}
