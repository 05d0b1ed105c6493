package org.cityhealth.hub.feeds.hl7;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which networks each source's MLLP connections may come from ({@code cityhealth.feeds.hl7.allowed-networks}). */
final class SourceNetworks {

    private record Network(byte[] address, int prefix) {

        boolean contains(InetAddress peer) {
            byte[] candidate = peer.getAddress();
            if (candidate.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (address[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<String, List<Network>> bySource = new HashMap<>();

    /** @throws IllegalArgumentException naming a setting that is not a CIDR (the hub does not start with it) */
    SourceNetworks(Map<String, List<String>> cidrs) {
        cidrs.forEach((source, list) -> bySource.put(source, list.stream().map(SourceNetworks::parse).toList()));
    }

    private static Network parse(String cidr) {
        String[] parts = cidr.strip().split("/", 2);
        try {
            if (!parts[0].matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not an address literal");
            }
            byte[] address = InetAddress.getByName(parts[0]).getAddress(); // a literal: no name lookup
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("bad prefix length");
            }
            return new Network(address, prefix);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new IllegalArgumentException("cityhealth.feeds.hl7.allowed-networks: '" + cidr + "' is not an address or CIDR", e);
        }
    }

    /** Whether {@code peer} may send as {@code sourceCode}: always, for a source without networks configured. */
    boolean allows(String sourceCode, InetAddress peer) {
        List<Network> networks = bySource.get(sourceCode);
        return networks == null || networks.isEmpty() || networks.stream().anyMatch(network -> network.contains(peer));
    }
}
