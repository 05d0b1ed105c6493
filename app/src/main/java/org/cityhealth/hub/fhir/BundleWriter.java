package org.cityhealth.hub.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.cityhealth.hub.JsonStrings;
import org.cityhealth.hub.store.StoredResource;

/**
 * Writes a searchset or history Bundle around stored resource bodies, copying each body's bytes as they
 * are: no parse, no re-encode. The few strings it writes itself (ids, urls) are escaped for JSON.
 */
final class BundleWriter {

    record Link(String relation, String url) {
    }

    private BundleWriter() {
    }

    static byte[] write(String type, Long total, List<Link> links, List<StoredResource> resources, String baseUrl, boolean history) {
        int size = 512;
        for (StoredResource resource : resources) {
            size += resource.body().length + 160;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try {
            Streaming bundle = new Streaming(out, type, baseUrl, history);
            for (StoredResource resource : resources) {
                bundle.entry(resource);
            }
            bundle.end(total, links);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * A Bundle written as its entries arrive. Entries come first and total and links last: JSON member
     * order carries no meaning in FHIR, and the links of a page are only known once its rows were read.
     */
    static final class Streaming {

        private final OutputStream out;
        private final String baseUrl;
        private final boolean history;
        private int entries;

        Streaming(OutputStream out, String type, String baseUrl, boolean history) throws IOException {
            this.out = out;
            this.baseUrl = baseUrl;
            this.history = history;
            ascii(out, "{\"resourceType\":\"Bundle\",\"id\":\"" + UUID.randomUUID() + "\",\"meta\":{\"lastUpdated\":\""
                    + Instant.now() + "\"},\"type\":\"" + type + "\"");
        }

        void entry(StoredResource resource) {
            write(resource, "match");
        }

        /** An entry that is not a match but was added because a match refers to it (search mode "include"). */
        void include(StoredResource resource) {
            write(resource, "include");
        }

        private void write(StoredResource resource, String mode) {
            try {
                writeEntry(resource, mode);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void writeEntry(StoredResource resource, String mode) throws IOException {
            String fullUrl = baseUrl + "/" + resource.type() + "/" + resource.id();
            text(out, (entries++ == 0 ? ",\"entry\":[" : ",") + "{\"fullUrl\":\"" + JsonStrings.escape(fullUrl) + "\"");
            if (history && resource.deleted()) {
                ascii(out, ",\"request\":{\"method\":\"DELETE\",\"url\":\"" + resource.type() + "/" + resource.id() + "\"}"
                        + ",\"response\":{\"status\":\"204 No Content\",\"lastModified\":\"" + resource.lastUpdated() + "\"}}");
                return;
            }
            ascii(out, ",\"resource\":");
            out.write(resource.body());
            if (history) {
                ascii(out, ",\"request\":{\"method\":\"" + (resource.version() == 1 ? "POST" : "PUT") + "\",\"url\":\""
                        + resource.type() + (resource.version() == 1 ? "" : "/" + resource.id()) + "\"}"
                        + ",\"response\":{\"status\":\"" + (resource.version() == 1 ? "201 Created" : "200 OK")
                        + "\",\"etag\":\"W/\\\"" + resource.version() + "\\\"\",\"lastModified\":\"" + resource.lastUpdated() + "\"}}");
            } else {
                ascii(out, ",\"search\":{\"mode\":\"" + mode + "\"}}");
            }
        }

        void end(Long total, List<Link> links) throws IOException {
            if (entries > 0) {
                ascii(out, "]");
            }
            if (total != null) {
                ascii(out, ",\"total\":" + total);
            }
            if (!links.isEmpty()) {
                ascii(out, ",\"link\":[");
                for (int i = 0; i < links.size(); i++) {
                    text(out, (i == 0 ? "" : ",") + "{\"relation\":\"" + links.get(i).relation() + "\",\"url\":\""
                            + JsonStrings.escape(links.get(i).url()) + "\"}");
                }
                ascii(out, "]");
            }
            ascii(out, "}");
        }
    }

    private static void ascii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void text(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
