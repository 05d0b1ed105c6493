/**
 * DICOM for the hub, in plain Java: Part 10 files (read and write), the upper layer protocol with DIMSE
 * C-ECHO and C-STORE (SCP and SCU), C-FIND and C-MOVE (SCP), and PNG previews. No DICOM library is published on
 * Maven Central (dcm4che is served from its own repository), so this small one is ours; it is tested against dcmtk.
 */
package org.cityhealth.dicom;
