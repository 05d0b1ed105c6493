package org.cityhealth.crypto;

import java.io.IOException;

/**
 * An encrypted object failed to authenticate or parse: it was altered, truncated, extended, reordered, copied
 * from another key, or names a data key the key store does not hold. No plaintext of a segment that failed is
 * ever returned.
 */
public final class IntegrityException extends IOException {
    IntegrityException(String message) {
        super(message);
    }
}
