package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource version about to be written, its references already mapped to hub ids.
 *
 * @param location         where it came from, for error messages ({@code Bundle.entry[3]}, {@code line 17})
 * @param sourceResourceId the id the source gave it, or null
 * @param resource         the resource, or null for a delete
 */
record Incoming(String location, String type, String hubId, String sourceResourceId, ObjectNode resource) {

    boolean delete() {
        return resource == null;
    }

    String reference() {
        return type + "/" + hubId;
    }
}
