package org.cityhealth.hub.web;

/** A page of the UI that names something that does not exist, such as an unknown person: shown as the 404 page. */
class PageNotFoundException extends RuntimeException {
    PageNotFoundException(String what) {
        super(what);
    }
}
