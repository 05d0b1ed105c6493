package org.cityhealth.dicom;

import java.net.InetSocketAddress;

/**
 * A C-MOVE as received: who asked, through which information model, to which AE ({@code moveDestination}), and the
 * identifier (its Query/Retrieve Level and the unique keys of what to send).
 */
public record MoveRequest(String callingAeTitle, String calledAeTitle, InetSocketAddress remote, String sopClassUid,
        String moveDestination, Dataset identifier) {
}
