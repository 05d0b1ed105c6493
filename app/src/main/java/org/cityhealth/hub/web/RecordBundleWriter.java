package org.cityhealth.hub.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.cityhealth.hub.JsonStrings;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.StoredResource;

/**
 * Writes a person's whole record as a FHIR R4 collection Bundle, page by page from the store's cursor to the client, so a
 * long life of care never sits in memory. Each stored body is copied byte for byte: the download is what the hospitals
 * sent (as the hub keeps it), not a re-encoding of it.
 */
final class RecordBundleWriter {

    /** Rows read from the store per query. */
    private static final int PAGE = 1000;

    private final OutputStream out;
    private final String baseUrl;
    private int entries;

    /** Starts the Bundle; {@code baseUrl} is the FHIR base the entries' fullUrls point into. */
    RecordBundleWriter(OutputStream out, String baseUrl, Instant timestamp) throws IOException {
        this.out = out;
        this.baseUrl = baseUrl;
        String now = timestamp.truncatedTo(ChronoUnit.MILLIS).toString();
        ascii("{\"resourceType\":\"Bundle\",\"id\":\"" + UUID.randomUUID() + "\",\"meta\":{\"lastUpdated\":\"" + now
                + "\"},\"type\":\"collection\",\"timestamp\":\"" + now + "\"");
    }

    /** Copies every current resource of the person; returns how many. */
    int copy(ResourceStore store, long personKey) {
        int offset = 0;
        boolean more = true;
        while (more) {
            more = store.everything(personKey, List.of(), null, PAGE, offset, this::entry);
            offset += PAGE;
        }
        return entries;
    }

    void end() throws IOException {
        ascii(entries > 0 ? "]}" : "}");
        out.flush();
    }

    private void entry(StoredResource resource) {
        try {
            String fullUrl = baseUrl + "/" + resource.type() + "/" + resource.id();
            out.write(((entries++ == 0 ? ",\"entry\":[" : ",") + "{\"fullUrl\":\"" + JsonStrings.escape(fullUrl) + "\",\"resource\":")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(resource.body());
            ascii("}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ascii(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
