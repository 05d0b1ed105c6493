package org.cityhealth.dicom;

import java.net.InetSocketAddress;

/**
 * A C-FIND as received: who asked, through which information model ({@code sopClassUid}, e.g.
 * {@link Uids#STUDY_ROOT_FIND}) and the identifier (its Query/Retrieve Level, matching keys with values and return keys
 * left empty).
 */
public record FindRequest(String callingAeTitle, String calledAeTitle, InetSocketAddress remote, String sopClassUid,
        Dataset identifier) {
}
