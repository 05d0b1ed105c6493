package org.cityhealth.hub.imaging;

import java.time.Duration;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Imaging settings; defaults documented in application.yml ({@code cityhealth.imaging}).
 *
 * @param dicomPort    DIMSE listener port; -1 off, 0 any free port ({@link DicomListener#port()} tells which)
 * @param aeTitle      the called AE title the hub answers to; associations calling another are rejected
 * @param callingAe    calling AE title → registered source code: the AE title is how a PACS says which hospital it is,
 *                     and an AE title not listed here is rejected
 * @param studyDelay   how long after an instance arrives over DIMSE its study's ImagingStudy is rebuilt when the
 *                     association does not end first (a PACS may keep one association open for hours)
 * @param moveDestinations AE title → {@code host:port} of the C-MOVE destinations; a source may move only to AE titles
 *                     that {@code callingAe} maps to it (its own PACS and workstations)
 * @param queryNetworks source code → the networks (CIDR) its C-FIND and C-MOVE may come from; a source not listed may
 *                     store but not query: an AE title alone is too easily guessed to hand out patient lists
 */
@ConfigurationProperties("cityhealth.imaging")
public record ImagingSettings(@DefaultValue("-1") int dicomPort,
                              @DefaultValue("CITYHEALTH") String aeTitle,
                              Map<String, String> callingAe,
                              @DefaultValue("5s") Duration studyDelay,
                              Map<String, String> moveDestinations,
                              Map<String, List<String>> queryNetworks) {

    public ImagingSettings {
        callingAe = callingAe == null ? Map.of() : Map.copyOf(callingAe);
        moveDestinations = moveDestinations == null ? Map.of() : Map.copyOf(moveDestinations);
        moveDestinations.forEach((ae, address) -> {
            int colon = address.lastIndexOf(':');
            if (!address.matches("[^:\\s]+:\\d{1,5}") || Integer.parseInt(address.substring(colon + 1)) < 1
                    || Integer.parseInt(address.substring(colon + 1)) > 65535) {
                throw new IllegalArgumentException("cityhealth.imaging.move-destinations[" + ae + "] must be host:port, not '" + address + "'");
            }
        });
        queryNetworks = queryNetworks == null ? Map.of() : Map.copyOf(queryNetworks);
        queryNetworks.forEach((source, cidrs) -> cidrs.forEach(cidr -> {
            try {
                new IpAddressMatcher(cidr.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cityhealth.imaging.query-networks[" + source + "]: '" + cidr + "' is not an address or CIDR");
            }
        }));
        if (dicomPort < -1 || dicomPort > 65535) {
            throw new IllegalArgumentException("cityhealth.imaging.dicom-port must be -1 (off), 0 (any free port) or a port number");
        }
        if (aeTitle == null || aeTitle.isBlank() || aeTitle.length() > 16) {
            throw new IllegalArgumentException("cityhealth.imaging.ae-title must be 1 to 16 characters");
        }
    }

    /**
     * The source code a calling AE title stands for, or null. AE titles compare without padding and ignoring case:
     * property binding may fold the case of map keys, and no two PACS of one city differ only in case.
     */
    String sourceOf(String callingAeTitle) {
        return byTitle(callingAe, callingAeTitle);
    }

    /** The {@code host:port} of a C-MOVE destination AE title, or null; titles compare as in {@link #sourceOf}. */
    String moveDestination(String aeTitle) {
        return byTitle(moveDestinations, aeTitle);
    }

    /** Whether the source may query and retrieve from {@code address}: only from its {@code query-networks}. */
    boolean mayQueryFrom(String sourceCode, InetAddress address) {
        return queryNetworks.entrySet().stream().filter(e -> e.getKey().strip().equalsIgnoreCase(sourceCode))
                .flatMap(e -> e.getValue().stream()).anyMatch(cidr -> new IpAddressMatcher(cidr.strip()).matches(address.getHostAddress()));
    }

    private static String byTitle(Map<String, String> map, String aeTitle) {
        String title = aeTitle == null ? "" : aeTitle.strip();
        return map.entrySet().stream().filter(e -> e.getKey().strip().equalsIgnoreCase(title)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
