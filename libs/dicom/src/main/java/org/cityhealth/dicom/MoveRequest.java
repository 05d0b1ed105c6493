package org.cityhealth.dicom;

import java.net.InetSocketAddress;

/**
 * A C-MOVE as received: who asked, through which information model, to which AE ({@code moveDestination}), the
 * identifier (its Query/Retrieve Level and the unique keys of what to send) and the request's message id, which the
 * C-STORE sub-operations name with the caller's AE title ({@link DicomClient#store(String, String, String, byte[], String, int)}).
 */
public record MoveRequest(String callingAeTitle, String calledAeTitle, InetSocketAddress remote, String sopClassUid,
        String moveDestination, Dataset identifier, int messageId) {
}
