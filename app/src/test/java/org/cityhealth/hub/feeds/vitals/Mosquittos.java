package org.cityhealth.hub.feeds.vitals;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/** A private broker for a test: without {@code mosquitto} the test is skipped, unless CI=true, where it fails. */
final class Mosquittos {

    private Mosquittos() {
    }

    static MosquittoBroker start() throws IOException, InterruptedException {
        return start(null, null);
    }

    /** One that lets in only {@code username} with {@code password}. */
    static MosquittoBroker start(String username, String password) throws IOException, InterruptedException {
        if (!MosquittoBroker.installed()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true needs mosquitto installed");
            }
            Assumptions.abort("mosquitto is not installed");
        }
        return MosquittoBroker.start(username, password);
    }
}
