package org.cityhealth.dicom;

import java.net.InetSocketAddress;

/**
 * A C-STORE received by {@link DicomServer}: who sent it, what it claims to be, and the data set bytes exactly as
 * received, in {@link #transferSyntax()} (deflated for the deflated syntax). Nothing has been parsed yet: a
 * handler that needs the attributes calls {@link #dataset()}, one that archives calls {@link #toPart10()}.
 */
public record StoreRequest(String callingAeTitle, String calledAeTitle, InetSocketAddress remote,
        String sopClassUid, String sopInstanceUid, String transferSyntax, int messageId, byte[] datasetBytes) {

    /** The data set parsed in its transfer syntax; a malformed one is a {@link DicomException}. */
    public Dataset dataset() {
        return DicomFile.parseDataset(datasetBytes, transferSyntax);
    }

    /** A PS3.10 file holding the received bytes unchanged, with the calling AE as source AE title. */
    public byte[] toPart10() {
        return DicomFile.part10(sopClassUid, sopInstanceUid, transferSyntax, datasetBytes, callingAeTitle);
    }
}
