/**
 * Imaging from PACS: DICOM C-STORE/C-ECHO/C-FIND/C-MOVE (the {@code cityhealth-dicom} library) and DICOMweb STOW-RS,
 * QIDO-RS and WADO-RS. Each instance goes to the vault first; studies become ImagingStudy resources and
 * instances are kept in the object store under the tier policies, with PNG previews where they can be rendered.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Imaging")
package org.cityhealth.hub.imaging;
