package org.cityhealth.hub.imaging;

import java.util.function.Supplier;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.source.Source;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * DIMSE work done as the source a calling AE title stands for: with the source in the security context, the policy
 * decision point decides on it and the ledger records it as the source's, as they do for its HTTP calls.
 */
final class AsSource {

    private AsSource() {
    }

    static <T> T run(Source source, Supplier<T> work) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SourceAuthentication.of(source));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
