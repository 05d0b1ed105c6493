package org.cityhealth.hub.web;

import java.util.List;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.hub.vault.FormatVolume;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultQuery;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A source's feeds: what it sent per channel (FHIR, HL7 v2, DICOM, exam reports, vital signs), what was refused and
 * why, and how it connects to each listener. Refused messages are in the vault with the protocol's reason, so the
 * conversation with the hospital starts here.
 */
@Controller
class SourceFeedsController {

    /** Refused submissions listed, newest first. */
    static final int REJECTIONS = 50;

    private final SourceRegistry registry;
    private final Vault vault;
    private final List<FeedListener> listeners;

    SourceFeedsController(SourceRegistry registry, Vault vault, List<FeedListener> listeners) {
        this.registry = registry;
        this.vault = vault;
        this.listeners = listeners;
    }

    @GetMapping("/sources/{code}/feeds")
    String feeds(@PathVariable String code, Model model) {
        Source source = registry.byCode(code).orElseThrow(() -> new PageNotFoundException("source " + code));
        List<FormatVolume> volumes = vault.volumesByFormat(source.id());
        model.addAttribute("source", source);
        model.addAttribute("volumes", volumes);
        model.addAttribute("rejected", volumes.stream().mapToLong(FormatVolume::rejected).sum());
        model.addAttribute("submissions", volumes.stream().mapToLong(FormatVolume::submissions).sum());
        model.addAttribute("rejections", vault.list(new VaultQuery(code, SubmissionStatus.REJECTED, null, null, REJECTIONS, 0)));
        model.addAttribute("limit", REJECTIONS);
        model.addAttribute("listeners", listeners.stream().map(l -> new ListenerView(l.kind(), l.running(),
                l.endpoint().orElse(null), l.howToConnect(source))).toList());
        return "source-feeds";
    }

    record ListenerView(String kind, boolean running, String endpoint, String howToConnect) {
    }
}
