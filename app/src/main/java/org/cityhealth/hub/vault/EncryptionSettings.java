package org.cityhealth.hub.vault;

import org.cityhealth.crypto.Algorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Envelope encryption at rest of the vault and cold archives; defaults documented in application.yml
 * ({@code cityhealth.encryption}). The keystore passphrase comes from {@code CITYHEALTH_KEYSTORE_PASSPHRASE}, or on
 * the embedded default from a file created under the data directory's {@code keys/} on first start.
 *
 * @param algorithm AES_256_GCM or SM4_GCM (GB/T 32907) for data keys created from now on; objects written before
 *                  keep theirs, so switching never rewrites data
 */
@ConfigurationProperties("cityhealth.encryption")
public record EncryptionSettings(@DefaultValue("AES_256_GCM") Algorithm algorithm) {
}
