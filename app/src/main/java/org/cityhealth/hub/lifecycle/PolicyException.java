package org.cityhealth.hub.lifecycle;

/** An invalid lifecycle policy: the message names the rule and the field. Stops start-up. */
class PolicyException extends RuntimeException {
    PolicyException(String message) {
        super(message);
    }
}
