package org.cityhealth.hub.imaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.cityhealth.dicom.DicomException;
import org.cityhealth.dicom.DicomFile;
import org.cityhealth.dicom.DicomJson;
import org.cityhealth.dicom.PixelPreview;
import org.cityhealth.dicom.Status;
import org.cityhealth.dicom.Tag;
import org.cityhealth.hub.access.SourceAuthentication;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.Source;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * DICOMweb (PS3.18) under {@code /dicomweb}: STOW-RS for sources (their bearer token), QIDO-RS and WADO-RS for
 * clinical readers, each person's part decided by the policy decision point ({@link ImagingAccess}). QIDO-RS answers
 * 200 with an empty array when nothing matches (PS3.18 allows 200 or 204; an empty array needs no special case in
 * clients). WADO-RS serves the Part 10 bytes exactly as received, in the transfer syntax they came in.
 */
@RestController
class DicomWebController {

    static final String DICOM_JSON = "application/dicom+json";
    /** ReferencedSOPSequence, FailedSOPSequence and FailureReason of the STOW-RS response (PS3.18 Table 10.5.3-2). */
    private static final int FAILED_SOP_SEQUENCE = 0x00081198;
    private static final int FAILURE_REASON = 0x00081197;
    /** The largest instance in one part: what the vault would refuse anyway is not buffered. */
    private static final long MAX_PART_BYTES = DicomFile.DEFAULT_MAX_BYTES;
    /** Instances tried for a study's or series' thumbnail before giving up. */
    private static final int THUMBNAIL_CANDIDATES = 10;

    private final InstanceIngest ingest;
    private final InstanceIndex index;
    private final InstanceObjects objects;
    private final StudyUpdates studies;
    private final ImagingAccess access;
    private final ImagingSearch search;
    private final ObjectMapper mapper = new ObjectMapper();

    DicomWebController(InstanceIngest ingest, InstanceIndex index, InstanceObjects objects, StudyUpdates studies, ImagingAccess access,
                       ImagingSearch search) {
        this.ingest = ingest;
        this.index = index;
        this.objects = objects;
        this.studies = studies;
        this.access = access;
        this.search = search;
    }

    // ---------------------------------------------------------------- STOW-RS

    @PostMapping({"/dicomweb/studies", "/dicomweb/studies/{study}"})
    ResponseEntity<byte[]> store(HttpServletRequest request, @PathVariable(required = false) String study) throws IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SourceAuthentication authentication)) {
            throw new ImagingAccess.RefusedException(403, "only registered sources may store instances");
        }
        Source source = authentication.getPrincipal();
        String contentType = request.getContentType();
        String type = MultipartRelated.parameter(contentType, "type");
        if (!"multipart/related".equals(MultipartRelated.mediaType(contentType))
                || (type != null && !"application/dicom".equalsIgnoreCase(type.strip()))) {
            throw new UnsupportedMediaException("send multipart/related; type=\"application/dicom\", not " + contentType);
        }
        MultipartRelated parts = new MultipartRelated(request.getInputStream(), MultipartRelated.parameter(contentType, "boundary"), MAX_PART_BYTES);
        List<ObjectNode> referenced = new ArrayList<>();
        List<ObjectNode> failed = new ArrayList<>();
        Set<StudyUpdates.StudyKey> touched = new LinkedHashSet<>();
        String base = baseUrl();
        try {
            for (MultipartRelated.Part part = parts.next(); part != null; part = parts.next()) {
                String partType = MultipartRelated.mediaType(part.contentType());
                if (!partType.isEmpty() && !"application/dicom".equals(partType)) {
                    failed.add(failure(null, null, Status.CANNOT_UNDERSTAND));
                    continue;
                }
                Optional<String> otherStudy = study == null ? Optional.empty() : studyOf(part.body()).filter(uid -> !uid.equals(study));
                if (otherStudy.isPresent()) {
                    String[] uids = ParsedInstance.bestEffortUids(part.body());
                    failed.add(failure(uids[0], uids[1], Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS));
                    continue;
                }
                InstanceIngest.Outcome outcome = ingest.ingest(source, part.body());
                if (outcome.stored()) {
                    touched.add(outcome.study(source.id()));
                    QidoJson.Attributes item = new QidoJson.Attributes();
                    item.text(Tag.ReferencedSOPClassUID, "UI", outcome.sopClassUid());
                    item.text(Tag.ReferencedSOPInstanceUID, "UI", outcome.sopInstanceUid());
                    item.text(Tag.RetrieveURL, "UR", base + "/studies/" + outcome.studyUid() + "/series/" + outcome.seriesUid()
                            + "/instances/" + outcome.sopInstanceUid());
                    referenced.add(item.json());
                } else {
                    failed.add(failure(outcome.sopClassUid(), outcome.sopInstanceUid(), outcome.dicomStatus()));
                }
            }
        } finally {
            // What was stored before a malformed part is stored: its studies are brought up to date either way.
            studies.rebuild(touched);
        }
        if (referenced.isEmpty() && failed.isEmpty()) {
            throw new MultipartRelated.MalformedException("the body holds no instances");
        }
        QidoJson.Attributes response = new QidoJson.Attributes();
        Set<String> studyUids = new LinkedHashSet<>();
        touched.forEach(key -> studyUids.add(key.studyUid()));
        if (studyUids.size() == 1) {
            response.text(Tag.RetrieveURL, "UR", base + "/studies/" + studyUids.iterator().next());
        }
        if (!referenced.isEmpty()) {
            response.sequence(Tag.ReferencedSOPSequence, referenced);
        }
        if (!failed.isEmpty()) {
            response.sequence(FAILED_SOP_SEQUENCE, failed);
        }
        HttpStatus status = failed.isEmpty() ? HttpStatus.OK : referenced.isEmpty() ? HttpStatus.CONFLICT : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(DICOM_JSON))
                .body(mapper.writeValueAsBytes(response.json()));
    }

    private static ObjectNode failure(String sopClassUid, String sopInstanceUid, int reason) {
        QidoJson.Attributes item = new QidoJson.Attributes();
        item.text(Tag.ReferencedSOPClassUID, "UI", sopClassUid);
        item.text(Tag.ReferencedSOPInstanceUID, "UI", sopInstanceUid);
        item.number(FAILURE_REASON, "US", reason);
        return item.json();
    }

    private static Optional<String> studyOf(byte[] raw) {
        try {
            return Optional.of(ParsedInstance.of(raw).studyUid());
        } catch (RuntimeException e) {
            // The ingest refuses it with its reason, and keeps it in the vault.
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- QIDO-RS

    @GetMapping("/dicomweb/studies")
    ResponseEntity<byte[]> searchStudies(HttpServletRequest request) throws IOException {
        ImagingAccess.Reader reader = access.reader();
        return json(reader, request, search.studies(QidoQuery.of(parameters(request), null, null), reader, baseUrl()));
    }

    @GetMapping("/dicomweb/studies/{study}/series")
    ResponseEntity<byte[]> searchSeries(HttpServletRequest request, @PathVariable String study) throws IOException {
        ImagingAccess.Reader reader = access.reader();
        return json(reader, request, search.series(QidoQuery.of(parameters(request), study, null), reader, study, baseUrl()));
    }

    @GetMapping({"/dicomweb/studies/{study}/series/{series}/instances", "/dicomweb/studies/{study}/instances", "/dicomweb/instances"})
    ResponseEntity<byte[]> searchInstances(HttpServletRequest request, @PathVariable(required = false) String study,
                                           @PathVariable(required = false) String series) throws IOException {
        ImagingAccess.Reader reader = access.reader();
        return json(reader, request, search.instances(QidoQuery.of(parameters(request), study, series), reader, study, series, baseUrl()));
    }

    private ResponseEntity<byte[]> json(ImagingAccess.Reader reader, HttpServletRequest request, List<ImagingSearch.Match> matches)
            throws IOException {
        ArrayNode answer = JsonNodeFactory.instance.arrayNode();
        matches.forEach(match -> answer.add(match.attributes()));
        return json(reader, request, matches.stream().flatMap(match -> match.instances().stream()).toList(),
                matches.stream().map(ImagingSearch.Match::touched).toList(), answer);
    }

    private ResponseEntity<byte[]> json(ImagingAccess.Reader reader, HttpServletRequest request, List<Instance> served,
                                        List<LedgerEvent.Touched> touched, Object answer) throws IOException {
        reader.served("dicomweb.search", request.getRequestURI(), served, touched);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(DICOM_JSON)).body(mapper.writeValueAsBytes(answer));
    }

    // ---------------------------------------------------------------- WADO-RS

    @GetMapping({"/dicomweb/studies/{study}", "/dicomweb/studies/{study}/series/{series}",
            "/dicomweb/studies/{study}/series/{series}/instances/{instance}"})
    ResponseEntity<StreamingResponseBody> retrieve(HttpServletRequest request, @PathVariable String study,
                                                   @PathVariable(required = false) String series,
                                                   @PathVariable(required = false) String instance) {
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.isBlank() && !accept.contains("multipart/related") && !accept.contains("application/dicom")
                && !accept.contains("*/*")) {
            throw new NotAcceptableException("WADO-RS serves multipart/related; type=\"application/dicom\", not " + accept);
        }
        ImagingAccess.Reader reader = access.reader();
        List<Instance> instances = reader.require(selected(study, series, instance), what(study, series, instance));
        Optional<Set<String>> wanted = TransferSyntaxes.requested(accept);
        if (wanted.isPresent()) {
            // The hub does not transcode: it serves what the modality sent, or says it cannot (PS3.18 8.7.3.5: 406).
            instances.stream().filter(item -> !wanted.get().contains(item.transferSyntaxUid())).findFirst().ifPresent(item -> {
                throw new NotAcceptableException("instance " + item.sopInstanceUid() + " is stored in transfer syntax " + item.transferSyntaxUid()
                        + ", which the hub serves as stored (it does not transcode); ask for it, or for transfer-syntax=*");
            });
        }
        reader.served("dicomweb.retrieve", request.getRequestURI(), instances, instances.stream().map(ImagingAccess::touched).toList());
        String boundary = UUID.randomUUID().toString();
        StreamingResponseBody body = out -> {
            for (Instance item : instances) {
                out.write(("--" + boundary + "\r\nContent-Type: application/dicom; transfer-syntax=" + item.transferSyntaxUid()
                        + "\r\nContent-Length: " + item.sizeBytes() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = objects.open(item)) {
                    in.transferTo(out);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        };
        return ResponseEntity.ok().header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary).body(body);
    }

    @GetMapping({"/dicomweb/studies/{study}/metadata", "/dicomweb/studies/{study}/series/{series}/metadata",
            "/dicomweb/studies/{study}/series/{series}/instances/{instance}/metadata"})
    ResponseEntity<byte[]> metadata(HttpServletRequest request, @PathVariable String study, @PathVariable(required = false) String series,
                                    @PathVariable(required = false) String instance) throws IOException {
        ImagingAccess.Reader reader = access.reader();
        List<Instance> instances = reader.require(selected(study, series, instance), what(study, series, instance));
        reader.served("dicomweb.metadata", request.getRequestURI(), instances, instances.stream().map(ImagingAccess::touched).toList());
        StringBuilder json = new StringBuilder("[");
        for (Instance item : instances) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(DicomJson.toJson(DicomFile.read(objects.read(item)).dataset()));
        }
        json.append(']');
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(DICOM_JSON)).body(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping({"/dicomweb/studies/{study}/series/{series}/instances/{instance}/rendered",
            "/dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frame}/rendered"})
    ResponseEntity<byte[]> rendered(HttpServletRequest request, @PathVariable String study, @PathVariable String series,
                                    @PathVariable String instance, @PathVariable(required = false) String frame) throws IOException {
        int number;
        try {
            number = frame == null ? 1 : Integer.parseInt(frame);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("frame must be a frame number (1, 2, …), not " + frame);
        }
        if (number < 1) {
            throw new IllegalArgumentException("frame numbers start at 1");
        }
        ImagingAccess.Reader reader = access.reader();
        List<Instance> instances = reader.require(selected(study, series, instance), what(study, series, instance));
        return png(reader, request, instances.subList(0, 1), number - 1);
    }

    @GetMapping({"/dicomweb/studies/{study}/thumbnail", "/dicomweb/studies/{study}/series/{series}/thumbnail",
            "/dicomweb/studies/{study}/series/{series}/instances/{instance}/thumbnail"})
    ResponseEntity<byte[]> thumbnail(HttpServletRequest request, @PathVariable String study, @PathVariable(required = false) String series,
                                     @PathVariable(required = false) String instance) throws IOException {
        ImagingAccess.Reader reader = access.reader();
        List<Instance> instances = reader.require(selected(study, series, instance), what(study, series, instance));
        List<Instance> candidates = instances.stream().filter(Instance::previewable).limit(THUMBNAIL_CANDIDATES).toList();
        return png(reader, request, candidates.isEmpty() ? instances.subList(0, 1) : candidates, 0);
    }

    /** The first of the instances that renders, as PNG; a clear 406 when none does. */
    private ResponseEntity<byte[]> png(ImagingAccess.Reader reader, HttpServletRequest request, List<Instance> candidates, int frame)
            throws IOException {
        for (Instance candidate : candidates) {
            if (!candidate.previewable()) {
                continue;
            }
            Optional<byte[]> png;
            try {
                png = PixelPreview.png(DicomFile.read(objects.read(candidate)), frame);
            } catch (DicomException e) {
                png = Optional.empty();
            }
            if (png.isPresent()) {
                reader.served("dicomweb.rendered", request.getRequestURI(), List.of(candidate), List.of(ImagingAccess.touched(candidate)));
                return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).header("Cache-Control", "private, max-age=300").body(png.get());
            }
        }
        Instance first = candidates.getFirst();
        throw new NotAcceptableException("no preview: the hub cannot render " + (frame > 0 ? "frame " + (frame + 1) + " of " : "")
                + "this instance (transfer syntax " + first.transferSyntaxUid() + "); retrieve it with WADO-RS and view it in a DICOM viewer");
    }

    private List<Instance> selected(String study, String series, String instance) {
        if (instance != null) {
            return index.instance(instance).filter(found -> found.studyUid().equals(study) && found.seriesUid().equals(series))
                    .map(List::of).orElse(List.of());
        }
        return index.ofStudy(study, series);
    }

    private static String what(String study, String series, String instance) {
        return instance != null ? "instance " + instance : series != null ? "series " + series : "study " + study;
    }

    private static Map<String, List<String>> parameters(HttpServletRequest request) {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        return parameters;
    }

    private static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/dicomweb").toUriString();
    }

    // ---------------------------------------------------------------- errors

    /** 415: the body is not multipart/related of application/dicom. */
    static final class UnsupportedMediaException extends RuntimeException {
        UnsupportedMediaException(String message) {
            super(message);
        }
    }

    /** 406: what was asked for cannot be produced (another media type, a preview of an image the hub cannot render). */
    static final class NotAcceptableException extends RuntimeException {
        NotAcceptableException(String message) {
            super(message);
        }
    }

    @ExceptionHandler(ImagingAccess.RefusedException.class)
    ResponseEntity<ProblemDetail> refused(ImagingAccess.RefusedException e) {
        return problem(HttpStatus.valueOf(e.status), e.getMessage());
    }

    @ExceptionHandler(UnsupportedMediaException.class)
    ResponseEntity<ProblemDetail> unsupported(UnsupportedMediaException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
    }

    @ExceptionHandler(NotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(NotAcceptableException e) {
        return problem(HttpStatus.NOT_ACCEPTABLE, e.getMessage());
    }

    @ExceptionHandler({MultipartRelated.MalformedException.class, IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> malformed(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(DicomException.class)
    ResponseEntity<ProblemDetail> unreadable(DicomException e) {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "a stored instance could not be read: " + e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
