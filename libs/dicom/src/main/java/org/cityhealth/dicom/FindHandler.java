package org.cityhealth.dicom;

/**
 * Answers each C-FIND on the server (PS3.4 Annex C, Query/Retrieve): the matching identifiers, each holding the keys
 * of the request's identifier with their values, and the final status. Called on the association's thread; calls from
 * different associations run concurrently. An exception thrown here is answered with {@link Status#UNABLE_TO_PROCESS}
 * and the association continues.
 */
@FunctionalInterface
public interface FindHandler {
    FindResult find(FindRequest request) throws Exception;
}
