package org.cityhealth.hub.vault;

/** Where a submission stands: received and being processed, stored in the clinical store, or refused with a reason. */
public enum SubmissionStatus {
    PENDING, ACCEPTED, REJECTED
}
