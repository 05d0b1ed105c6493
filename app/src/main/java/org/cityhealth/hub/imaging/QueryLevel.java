package org.cityhealth.hub.imaging;

import java.util.Locale;
import org.cityhealth.dicom.Dataset;
import org.cityhealth.dicom.Tag;
import org.cityhealth.dicom.Uids;

/** The Query/Retrieve Level of a C-FIND or C-MOVE identifier (PS3.4 C.6), checked against the information model asked. */
enum QueryLevel {
    PATIENT, STUDY, SERIES, IMAGE;

    /** @throws IllegalArgumentException an unknown level, or PATIENT outside the Patient Root models (answered A900) */
    static QueryLevel of(Dataset identifier, String sopClassUid) {
        String level = identifier.getString(Tag.QueryRetrieveLevel, "").strip().toUpperCase(Locale.ROOT);
        QueryLevel parsed;
        try {
            parsed = valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("QueryRetrieveLevel must be PATIENT, STUDY, SERIES or IMAGE, not '" + level + "'");
        }
        if (parsed == PATIENT && !Uids.PATIENT_ROOT_FIND.equals(sopClassUid) && !Uids.PATIENT_ROOT_MOVE.equals(sopClassUid)) {
            throw new IllegalArgumentException("PATIENT level is for the Patient Root model");
        }
        return parsed;
    }
}
