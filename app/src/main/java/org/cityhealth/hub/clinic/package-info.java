/**
 * Serves clinicians: the doctor workstation's view of a person and the break-the-glass emergency summary, a
 * red/amber/green "health traffic light" with allergies, high-risk drugs, implants, critical conditions, blood group
 * and emergency contacts, also published as an International Patient Summary–style FHIR document. It reads the
 * clinical store's resources and never writes them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Clinic")
package org.cityhealth.hub.clinic;
