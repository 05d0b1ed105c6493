package org.cityhealth.hub.store;

/** A cold archive that is missing, altered or unreadable; the message says what and where. */
public class ArchiveDamagedException extends RuntimeException {
    public ArchiveDamagedException(String message) {
        super(message);
    }
}
