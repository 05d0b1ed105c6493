package org.cityhealth.identity;

import org.quicktheories.core.Gen;

/** Shares the "anything" text generator of {@link NamesTest} with the tests of other packages. */
public final class NamesTestAccess {

    private NamesTestAccess() {
    }

    public static Gen<String> anyText() {
        return NamesTest.anyText();
    }
}
