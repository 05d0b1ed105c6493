package org.cityhealth.hub.imaging;

import java.time.Instant;

/**
 * One stored DICOM instance as the index holds it: its UIDs, where its bytes are, and the attributes QIDO-RS
 * searches and ImagingStudy resources are built from (DICOM values as sent: dates YYYYMMDD, names as PN strings).
 *
 * @param personKey    the person the instance's Patient is linked to (0 while unlinked)
 * @param patientResId the hub id of the Patient resource the instance's PatientID became
 * @param previewable  whether {@link org.cityhealth.dicom.PixelPreview} can render it (by its transfer syntax and pixels)
 * @param tier         'H' (hot, the Part 10 bytes as received) or 'C' (cold, zstd-compressed)
 */
record Instance(String sopInstanceUid, String studyUid, String seriesUid, String sopClassUid, String transferSyntaxUid,
                long sourceId, long submissionId, String patientId, String patientResId, long personKey, String patientName,
                String patientBirthDate, String patientSex, String studyDate, String studyTime, String accessionNumber,
                String studyId, String studyDescription, String referringPhysician, Integer seriesNumber,
                String seriesDescription, String modality, String bodyPart, Integer instanceNumber, Integer frameCount, boolean previewable,
                               long sizeBytes, long storedBytes, String sha256, String objectKey, char tier, Instant receivedAt) {

    Instance withStorage(long storedBytes, String objectKey, char tier) {
        return new Instance(sopInstanceUid, studyUid, seriesUid, sopClassUid, transferSyntaxUid, sourceId, submissionId, patientId,
                patientResId, personKey, patientName, patientBirthDate, patientSex, studyDate, studyTime, accessionNumber, studyId,
                studyDescription, referringPhysician, seriesNumber, seriesDescription, modality, bodyPart, instanceNumber, frameCount, previewable,
                sizeBytes, storedBytes, sha256, objectKey, tier, receivedAt);
    }
}
