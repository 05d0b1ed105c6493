package org.cityhealth.dicom;

/**
 * What a {@link MoveHandler} answers: the final status with the numbers of completed, failed and warning
 * sub-operations, and {@code comment} as the Error Comment when not null.
 */
public record MoveResult(int status, int completed, int failed, int warnings, String comment) {

    /** The sub-operations' outcome: success, B000 when some failed or warned, A702 when every one failed. */
    public static MoveResult of(int completed, int failed, int warnings) {
        int status = failed == 0 && warnings == 0 ? Status.SUCCESS
                : completed == 0 && warnings == 0 ? Status.UNABLE_TO_PERFORM_SUB_OPERATIONS : Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES;
        return new MoveResult(status, completed, failed, warnings, null);
    }

    /** Refused before any sub-operation (A801 unknown destination, A900 a bad identifier, Cxxx), with the reason. */
    public static MoveResult failure(int status, String comment) {
        return new MoveResult(status, 0, 0, 0, comment);
    }
}
