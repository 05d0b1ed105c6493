package org.cityhealth.hub.web;

import java.time.LocalDate;

/**
 * One clinical event of a person's record as the timeline shows it.
 *
 * @param type       FHIR resource type, also the CSS hook for its colour and icon
 * @param typeLabel  the type in the operator's language
 * @param title      what it is: a diagnosis, a test name, a drug
 * @param detail     what came of it: a value with unit, a conclusion, a dose; may be null
 * @param statusCode the FHIR status that decides the summary lists (clinicalStatus, status); may be null
 * @param status     a short status worth flagging, in the operator's language; may be null
 * @param flag       CSS modifier for the status: "ok", "warn", "bad" or "muted"
 * @param date       the local date it happened, null when the resource carries none
 * @param time       "09:10" when a time of day is known, else null
 * @param sortKey    epoch milliseconds for ordering; Long.MIN_VALUE when undated
 */
record ClinicalEntry(String type, String typeLabel, String id, long sourceId, String title, String detail, String statusCode,
                     String status, String flag, LocalDate date, String time, long sortKey) {
}
