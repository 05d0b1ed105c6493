package org.cityhealth.hub.imaging;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Which transfer syntaxes a WADO-RS {@code Accept} header asks instances in (PS3.18 8.7.3.5): the {@code transfer-syntax}
 * parameters of its {@code application/dicom} ranges, plain or as the {@code type} of {@code multipart/related}. Empty
 * when any will do: no header, a range without the parameter (the hub then serves instances as stored, as most archives
 * do), {@code transfer-syntax=*}, or a wildcard range.
 */
final class TransferSyntaxes {

    private static final MediaType DICOM = MediaType.parseMediaType("application/dicom");
    private static final MediaType MULTIPART_RELATED = MediaType.parseMediaType("multipart/related");

    private TransferSyntaxes() {
    }

    /** The syntaxes asked for; an {@code Accept} header that is not a list of media ranges is refused (400). */
    static Optional<Set<String>> requested(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.empty();
        }
        Set<String> wanted = new LinkedHashSet<>();
        try {
            for (MediaType range : MediaType.parseMediaTypes(accept)) {
                String nested = range.getParameter("type");
                boolean dicom = range.equalsTypeAndSubtype(DICOM) || range.equalsTypeAndSubtype(MULTIPART_RELATED)
                        && (nested == null || DICOM.toString().equalsIgnoreCase(unquoted(nested)));
                String syntax = range.getParameter("transfer-syntax");
                if (range.isWildcardType() || dicom && (syntax == null || unquoted(syntax).equals("*"))) {
                    return Optional.empty();
                }
                if (dicom) {
                    wanted.add(unquoted(syntax));
                }
            }
        } catch (InvalidMediaTypeException e) {
            throw new IllegalArgumentException("Accept is not a list of media ranges: " + e.getMessage());
        }
        return wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
