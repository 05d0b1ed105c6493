package org.cityhealth.hub.imaging;

import java.util.Locale;
import java.util.Map;

/**
 * Body Part Examined (0018,0015) as a SNOMED CT coding: the defined terms of PS3.16 Annex L (CID 4031) that the
 * city's modalities send. Others become a coding with their text only, so nothing a modality sent is lost.
 */
final class BodySites {

    static final String SNOMED = "http://snomed.info/sct";

    record Site(String code, String display) {
    }

    private static final Map<String, Site> SITES = Map.ofEntries(
            Map.entry("HEAD", new Site("69536005", "Head")),
            Map.entry("BRAIN", new Site("12738006", "Brain")),
            Map.entry("SKULL", new Site("89546000", "Skull")),
            Map.entry("NECK", new Site("45048000", "Neck")),
            Map.entry("CHEST", new Site("51185008", "Thorax")),
            Map.entry("BREAST", new Site("76752008", "Breast")),
            Map.entry("HEART", new Site("80891009", "Heart")),
            Map.entry("ABDOMEN", new Site("818983003", "Abdomen")),
            Map.entry("LIVER", new Site("10200004", "Liver")),
            Map.entry("KIDNEY", new Site("64033007", "Kidney")),
            Map.entry("PELVIS", new Site("816092008", "Pelvis")),
            Map.entry("SPINE", new Site("421060004", "Spine")),
            Map.entry("CSPINE", new Site("122494005", "Cervical spine")),
            Map.entry("TSPINE", new Site("122495006", "Thoracic spine")),
            Map.entry("LSPINE", new Site("122496007", "Lumbar spine")),
            Map.entry("SHOULDER", new Site("16982005", "Shoulder")),
            Map.entry("HIP", new Site("29836001", "Hip")),
            Map.entry("KNEE", new Site("72696002", "Knee")),
            Map.entry("HAND", new Site("85562004", "Hand")),
            Map.entry("FOOT", new Site("56459004", "Foot")),
            Map.entry("EXTREMITY", new Site("66019005", "Limb")),
            Map.entry("WHOLEBODY", new Site("38266002", "Entire body")));

    private BodySites() {
    }

    /** The SNOMED CT site of a Body Part Examined value, or null when it is not one of the mapped terms. */
    static Site of(String bodyPartExamined) {
        return bodyPartExamined == null ? null : SITES.get(bodyPartExamined.strip().toUpperCase(Locale.ROOT));
    }
}
