package org.cityhealth.hub.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bodies are compressed off the hot tier; defaults documented in application.yml ({@code cityhealth.storage}).
 *
 * @param warmLevel          zstd level of warm bodies (each compressed alone, so the dictionary does most of the work)
 * @param coldLevel          zstd level of cold archives (written once, read rarely: a higher level pays off)
 * @param dictionaryBytes    size of the zstd dictionary trained on the hub's own records
 * @param dictionarySamples  hot bodies sampled to train it
 */
@ConfigurationProperties("cityhealth.storage")
public record StorageSettings(@DefaultValue("6") int warmLevel,
                              @DefaultValue("12") int coldLevel,
                              @DefaultValue("112640") int dictionaryBytes,
                              @DefaultValue("20000") int dictionarySamples) {

    public StorageSettings {
        if (warmLevel < 1 || warmLevel > 22 || coldLevel < 1 || coldLevel > 22) {
            throw new IllegalArgumentException("cityhealth.storage.warm-level and cold-level must be zstd levels 1..22");
        }
        if (dictionaryBytes < 1024 || dictionarySamples < 10) {
            throw new IllegalArgumentException("cityhealth.storage.dictionary-bytes must be ≥ 1024 and dictionary-samples ≥ 10");
        }
    }
}
