package org.cityhealth.dicom;

/**
 * The result, source and reason of an A-ASSOCIATE-RJ (PS3.8 §9.3.4): result 1 rejected-permanent or 2
 * rejected-transient; source 1 service-user, 2 service-provider (ACSE), 3 service-provider (presentation);
 * reason numbered per source.
 */
public record AssociationRejection(int result, int source, int reason) {
    public static final int REJECTED_PERMANENT = 1;
    public static final int REJECTED_TRANSIENT = 2;
    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    /** Service-user: no reason given. */
    public static final AssociationRejection NO_REASON = new AssociationRejection(REJECTED_PERMANENT, 1, 1);
    /** Service-user: application context name not supported. */
    public static final AssociationRejection APPLICATION_CONTEXT_NOT_SUPPORTED =
            new AssociationRejection(REJECTED_PERMANENT, 1, 2);
    /** Service-user: calling AE title not recognized. */
    public static final AssociationRejection CALLING_AE_NOT_RECOGNIZED =
            new AssociationRejection(REJECTED_PERMANENT, 1, 3);
    /** Service-user: called AE title not recognized. */
    public static final AssociationRejection CALLED_AE_NOT_RECOGNIZED =
            new AssociationRejection(REJECTED_PERMANENT, 1, 7);
    /** Service-provider (ACSE): protocol version not supported. */
    public static final AssociationRejection PROTOCOL_VERSION_NOT_SUPPORTED =
            new AssociationRejection(REJECTED_PERMANENT, 2, 2);
    /** Service-provider (presentation): temporary congestion. */
    public static final AssociationRejection TEMPORARY_CONGESTION =
            new AssociationRejection(REJECTED_TRANSIENT, 3, 1);
    /** Service-provider (presentation): local limit exceeded (too many associations). */
    public static final AssociationRejection LOCAL_LIMIT_EXCEEDED =
            new AssociationRejection(REJECTED_TRANSIENT, 3, 2);

    @Override
    public String toString() {
        return "A-ASSOCIATE-RJ result " + result + " source " + source + " reason " + reason;
    }
}
