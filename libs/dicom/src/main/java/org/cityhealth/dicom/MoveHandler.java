package org.cityhealth.dicom;

/**
 * Answers each C-MOVE on the server (PS3.4 C.4.2): sends the matching instances to the move destination with C-STORE
 * sub-operations on an association of its own, and reports how they went. Called on the association's thread; an
 * exception thrown here is answered with {@link Status#UNABLE_TO_PROCESS} and the association continues.
 */
@FunctionalInterface
public interface MoveHandler {
    MoveResult move(MoveRequest request) throws Exception;
}
