package org.cityhealth.hub.vault;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import org.cityhealth.crypto.DataKeys;
import org.cityhealth.crypto.EncryptingObjectStore;
import org.cityhealth.crypto.LocalKeystore;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.hub.SecretFiles;
import org.cityhealth.store.LocalObjectStore;
import org.cityhealth.store.S3ObjectStore;
import org.cityhealth.store.S3Settings;
import org.cityhealth.store.ObjectStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The object store behind the vault, the ledger and cold archives (a local directory under the data directory by
 * default, or S3), and its encrypting view: envelope encryption with per-owner data keys (a source's code for its
 * vault objects, {@code cold} for person archives) wrapped by the master key of a local keystore file.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    /** The owner, hence the data key, of an encrypted object: {@code vault/<source>/…} → the source; else the first segment. */
    static String ownerOf(String key) {
        String[] segments = key.split("/", 3);
        return "vault".equals(segments[0]) && segments.length > 2 ? segments[1] : segments[0];
    }

    @Bean
    @Primary
    ObjectStore objectStore(HubSettings settings, ObjectStoreSettings store) throws IOException {
        return switch (store.type()) {
            case "local" -> new LocalObjectStore(settings.dataDirectory().resolve("objects"));
            case "s3" -> new S3ObjectStore(new S3Settings(store.endpoint(), store.region(), store.bucket(), store.prefix(),
                    secret("CITYHEALTH_S3_ACCESS_KEY"), secret("CITYHEALTH_S3_SECRET_KEY"), store.pathStyle()));
            default -> throw new IllegalArgumentException("cityhealth.object-store.type must be local or s3, not " + store.type());
        };
    }

    /** The encrypting view; the plain store stays for what outside verifiers must read as it is (ledger tiles). */
    @Bean
    EncryptingObjectStore sealedObjectStore(ObjectStore objectStore, DataKeys dataKeys) {
        return new EncryptingObjectStore(objectStore, dataKeys, VaultConfiguration::ownerOf);
    }

    @Bean
    DataKeys dataKeys(HubSettings settings, ObjectStoreSettings store, EncryptionSettings encryption) throws IOException {
        var keysDirectory = settings.dataDirectory().resolve("keys");
        String passphrase = SecretFiles.readOrCreate("CITYHEALTH_KEYSTORE_PASSPHRASE", keysDirectory.resolve("keystore.passphrase"), () -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        });
        LocalKeystore master = LocalKeystore.open(keysDirectory.resolve("master.keystore"), passphrase.toCharArray(), encryption.algorithm());
        // The wrapped data keys live beside the data in the same backend, under a prefix nothing else writes.
        ObjectStore keyStore = switch (store.type()) {
            case "s3" -> new S3ObjectStore(new S3Settings(store.endpoint(), store.region(), store.bucket(),
                    store.prefix().isEmpty() ? "data-keys" : store.prefix().replaceAll("/+$", "") + "/data-keys",
                    secret("CITYHEALTH_S3_ACCESS_KEY"), secret("CITYHEALTH_S3_SECRET_KEY"), store.pathStyle()));
            default -> new LocalObjectStore(settings.dataDirectory().resolve("data-keys"));
        };
        return new DataKeys(master, keyStore, encryption.algorithm());
    }

    private static String secret(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            // Tests and embedded deployments may pass it as a system property; files in the repository never hold it.
            value = System.getProperty(variable);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("cityhealth.object-store.type=s3 needs " + variable + " in the environment");
        }
        return value;
    }
}
