package org.cityhealth.hub.feeds.exam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The exam mappings of every source, read once at start-up from {@code cityhealth.feeds.exam.mappings} (a file or
 * a directory of {@code .yml}/{@code .yaml} files) or, when that is empty, from the built-in examples. A file that
 * is wrong stops the hub from starting ({@link InvalidExamMappingException}), as does a source mapped twice.
 */
@Component
class ExamMappings {

    private static final Logger log = LoggerFactory.getLogger(ExamMappings.class);
    private static final String BUILT_IN = "classpath*:exam-mappings/*.yml";

    private final Map<String, ExamMapping> bySource;

    ExamMappings(ExamSettings settings) {
        this.bySource = Collections.unmodifiableMap(load(settings.mappings()));
        log.info("exam mappings for sources {}", bySource.keySet());
    }

    Optional<ExamMapping> forSource(String sourceCode) {
        return Optional.ofNullable(bySource.get(sourceCode));
    }

    static Map<String, ExamMapping> load(String location) {
        Map<String, ExamMapping> all = new HashMap<>();
        for (Map.Entry<String, String> file : files(location).entrySet()) {
            ExamMappingFiles.read(file.getKey(), file.getValue()).forEach((source, mapping) -> {
                ExamMapping earlier = all.putIfAbsent(source, mapping);
                if (earlier != null) {
                    throw new InvalidExamMappingException(file.getKey(), source, null, "the source is already mapped in " + earlier.file());
                }
            });
        }
        return all;
    }

    /** File name → text, in name order so that "mapped twice" always names the same two files. */
    private static Map<String, String> files(String location) {
        Map<String, String> files = new java.util.TreeMap<>();
        try {
            if (location == null || location.isBlank()) {
                Resource[] resources = new PathMatchingResourcePatternResolver().getResources(BUILT_IN);
                Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
                for (Resource resource : resources) {
                    files.put("classpath:exam-mappings/" + resource.getFilename(),
                            new String(resource.getContentAsByteArray(), StandardCharsets.UTF_8));
                }
                return files;
            }
            Path path = Path.of(location.strip());
            List<Path> paths;
            if (Files.isDirectory(path)) {
                try (Stream<Path> listed = Files.list(path)) {
                    paths = listed.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml")).sorted().toList();
                }
            } else if (Files.isRegularFile(path)) {
                paths = List.of(path);
            } else {
                throw new InvalidExamMappingException(location, null, null, "no such file or directory (cityhealth.feeds.exam.mappings)");
            }
            for (Path file : paths) {
                files.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
            return files;
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidExamMappingException(location, null, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exam mappings at " + location, e);
        }
    }
}
