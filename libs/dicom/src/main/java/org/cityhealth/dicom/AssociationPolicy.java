package org.cityhealth.dicom;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, before any data flows, whether a peer may associate: given the calling AE title and the remote
 * address, empty to accept or the rejection to send. The called AE title is checked by the server itself against
 * {@link ServerConfig#aeTitles()}.
 */
@FunctionalInterface
public interface AssociationPolicy {
    Optional<AssociationRejection> check(String callingAeTitle, InetSocketAddress remote);

    static AssociationPolicy acceptAll() {
        return (callingAeTitle, remote) -> Optional.empty();
    }

    /** Accepts only the listed calling AE titles, rejecting others with "calling AE title not recognized". */
    static AssociationPolicy callingAeTitles(Set<String> known) {
        Set<String> titles = Set.copyOf(known);
        return (callingAeTitle, remote) -> titles.contains(callingAeTitle) ? Optional.empty()
                : Optional.of(AssociationRejection.CALLING_AE_NOT_RECOGNIZED);
    }
}
