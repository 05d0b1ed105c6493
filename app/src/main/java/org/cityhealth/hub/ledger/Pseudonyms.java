package org.cityhealth.hub.ledger;

import org.cityhealth.hub.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cityhealth.hub.HubSettings;
import org.springframework.stereotype.Component;

/**
 * Persons appear in the ledger as a keyed hash (HMAC-SHA256) of the hub's person key: entries can be searched
 * by person and shown to the citizen they concern, but the public log reveals neither the person nor, without
 * the key, which entries belong together across a dictionary of person keys.
 */
@Component
public class Pseudonyms {

    static final String KEY_VARIABLE = "CITYHEALTH_LEDGER_PSEUDONYM_KEY";

    private final SecretKeySpec key;

    Pseudonyms(HubSettings settings) {
        String encoded = SecretFiles.readOrCreate(KEY_VARIABLE, settings.dataDirectory().resolve("keys/ledger-pseudonym.key"), () -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return Base64.getEncoder().encodeToString(random);
        });
        this.key = new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256");
    }

    /** The pseudonym of a person in ledger entries: 64 hex characters. */
    public String of(long personKey) {
        return hmac("person:" + personKey);
    }

    /**
     * A keyed digest of text that may identify a person (a search query can carry a resident ID): entries can show
     * that two queries were the same, and an auditor holding the query can check it, without the log revealing it.
     */
    public String digest(String text) {
        return hmac("text:" + text);
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
