package org.cityhealth.hub.web;

import java.util.List;

/** One line of the person list: enough to recognise the person without opening the record. */
record PersonCard(long personKey, Demographics demographics, List<String> sourceCodes) {
}
