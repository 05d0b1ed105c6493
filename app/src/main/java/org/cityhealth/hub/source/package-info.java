/**
 * Registered senders of data: hospitals, clinics, exam centers. A source has a code, a name, a level,
 * a district and a bearer credential shown once at registration and stored only as its SHA-256.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sources")
package org.cityhealth.hub.source;
