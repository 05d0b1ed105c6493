package org.cityhealth.hub.feeds;

import java.util.Optional;
import org.cityhealth.hub.source.Source;

/** A listener of a feed (MLLP, DICOM, MQTT…): shown on each source's feeds page with how that source connects to it. */
public interface FeedListener {

    /** The message key of the feed's name, e.g. {@code feeds.kind.hl7}. */
    String kind();

    /** Whether it is listening (a local port bound) or connected right now. */
    default boolean running() {
        return port() > 0;
    }

    /** Where it listens, e.g. {@code mllp://host:2575}, or empty when off. */
    Optional<String> endpoint();

    /** The local port it listens on, or -1 (off, or a client of someone else's server, like the MQTT subscriber). */
    default int port() {
        return -1;
    }

    /** What this source must send to be recognised, e.g. {@code MSH-4 = H001}. */
    String howToConnect(Source source);
}
