package org.cityhealth.dicom;

/**
 * Receives each C-STORE on the server and answers with a DIMSE status ({@link Status}): SUCCESS once the
 * instance is durably stored, a Bxxx warning when stored with changes, a failure (A700, A900, C000) otherwise.
 * Called on the association's thread; calls from different associations run concurrently. An exception thrown
 * here is answered with {@link Status#PROCESSING_FAILURE} and the association continues.
 */
@FunctionalInterface
public interface StoreHandler {
    int store(StoreRequest request) throws Exception;
}
