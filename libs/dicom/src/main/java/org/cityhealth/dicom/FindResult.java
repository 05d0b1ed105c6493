package org.cityhealth.dicom;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link FindHandler} answers: the matches, each sent as a pending response (FF00) with its identifier, then
 * {@code status} with {@code comment} as the final response's Error Comment when not null.
 */
public record FindResult(List<Dataset> matches, int status, String comment) {

    public FindResult {
        matches = List.copyOf(Objects.requireNonNull(matches, "matches is null"));
    }

    /** The matches, then success. */
    public static FindResult of(List<Dataset> matches) {
        return new FindResult(matches, Status.SUCCESS, null);
    }

    /** No matches and a failure status (A900 for a bad identifier, A700, Cxxx), with the reason. */
    public static FindResult failure(int status, String comment) {
        return new FindResult(List.of(), status, comment);
    }
}
