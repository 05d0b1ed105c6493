package org.cityhealth.dicom;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs dcmtk tools for tests; without dcmtk a test is skipped, unless CI=true, where it fails. */
final class Dcmtk {
    private Dcmtk() {
    }

    record Result(int exitCode, String output) {
    }

    static void assumeInstalled(String... tools) {
        for (String tool : tools) {
            boolean found = false;
            for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(directory, tool))) {
                    found = true;
                }
            }
            if (!found) {
                if ("true".equals(System.getenv("CI"))) {
                    fail("dcmtk tool " + tool + " is not installed (required when CI=true)");
                }
                Assumptions.abort("dcmtk tool " + tool + " is not installed");
            }
        }
    }

    /** Runs a tool in a directory, stdout and stderr merged; fails the test after 60 s. */
    static Result run(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool that must succeed; its output. */
    static String check(Path directory, String... command) {
        Result result = run(directory, command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** One element line of a dump: nesting depth, tag, VR, and the value normalised for comparison. */
    record Line(int depth, String tag, String vr, String value) {
        @Override
        public String toString() {
            return "  ".repeat(depth) + tag + " " + vr + " " + value;
        }
    }

    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(
            "^( *)\\(([0-9a-f]{4},[0-9a-f]{4})\\) (\\w\\w|\\?\\?) (.*?) +# +(?:\\d+|u/l), +\\d+ .*$");

    /**
     * The data set lines of {@code dcmdump +U8 -q +L -Un file}: delimiters dropped, sequence and item
     * descriptions blanked, strings unbracketed, every multi-value component stripped.
     */
    static List<Line> dump(Path file) {
        String output = check(file.getParent(), "dcmdump", "+U8", "-q", "+L", "-Un", file.toString());
        List<Line> lines = new ArrayList<>();
        boolean inDataset = !output.contains("# Dicom-Data-Set");
        for (String text : output.split("\n")) {
            if (text.startsWith("# Dicom-Data-Set")) {
                inDataset = true;
            }
            java.util.regex.Matcher matcher = LINE.matcher(text);
            if (!inDataset || !matcher.matches()) {
                continue;
            }
            String tag = matcher.group(2);
            if (tag.equals("fffe,e00d") || tag.equals("fffe,e0dd")) {
                continue;
            }
            String vr = matcher.group(3).equals("??") ? "UN" : matcher.group(3);
            lines.add(new Line(matcher.group(1).length() / 2, tag, vr,
                    normalise(vr, matcher.group(4))));
        }
        return lines;
    }

    private static String normalise(String vr, String value) {
        if (value.startsWith("(Sequence") || value.startsWith("(Item") || value.startsWith("(PixelSequence")) {
            return "";
        }
        if (value.equals("(no value available)")) {
            return "";
        }
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (vr.equals("LT") || vr.equals("ST") || vr.equals("UT")) {
            return value.stripTrailing();
        }
        List<String> parts = new ArrayList<>();
        for (String part : value.split("\\\\", -1)) {
            boolean decimal = vr.equals("FL") || vr.equals("FD");
            parts.add(decimal ? String.format("%.6g", Double.parseDouble(part))
                    : part.strip().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join("\\", parts);
    }

    /** Our reading in the same form as {@link #dump(Path)}. */
    static List<Line> lines(Dataset dataset) {
        List<Line> lines = new ArrayList<>();
        addLines(dataset, 0, lines);
        return lines;
    }

    private static void addLines(Dataset dataset, int depth, List<Line> lines) {
        for (Element element : dataset) {
            String tag = String.format("%04x,%04x", element.tag() >>> 16, element.tag() & 0xFFFF);
            if (element.items() != null) {
                lines.add(new Line(depth, tag, "SQ", ""));
                for (Dataset item : element.items()) {
                    lines.add(new Line(depth + 1, "fffe,e000", "na", ""));
                    addLines(item, depth + 2, lines);
                }
            } else if (element.fragments() != null) {
                lines.add(new Line(depth, tag, element.vr().name(), ""));
                for (byte[] fragment : element.fragments()) {
                    lines.add(new Line(depth + 1, "fffe,e000", "pi", hex(fragment, 1)));
                }
            } else {
                lines.add(new Line(depth, tag, element.vr().name(), value(dataset, element)));
            }
        }
    }

    private static String value(Dataset dataset, Element element) {
        VR vr = element.vr();
        return switch (vr.kind()) {
            case BULK -> hex(element.value(), vr == VR.OW ? 2 : vr == VR.OF || vr == VR.OL ? 4 : 1);
            case BINARY -> {
                if (vr == VR.FL || vr == VR.FD) {
                    List<String> values = new ArrayList<>();
                    for (double number : dataset.getDoubles(element.tag())) {
                        values.add(String.format("%.6g", number));
                    }
                    yield String.join("\\", values);
                }
                yield String.join("\\", dataset.getStrings(element.tag())).toLowerCase(java.util.Locale.ROOT);
            }
            default -> {
                List<String> values = dataset.getStrings(element.tag());
                if (vr == VR.LT || vr == VR.ST || vr == VR.UT) {
                    yield values.isEmpty() ? "" : values.getFirst();
                }
                yield String.join("\\", values).toLowerCase(java.util.Locale.ROOT);
            }
        };
    }

    /** Values as dcmdump prints bulk data: hex units of 1, 2 or 4 bytes (little endian) joined by backslash. */
    static String hex(byte[] bytes, int unit) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + unit <= bytes.length; i += unit) {
            if (i > 0) {
                text.append('\\');
            }
            for (int b = unit - 1; b >= 0; b--) {
                text.append(String.format("%02x", bytes[i + b] & 0xFF));
            }
        }
        return text.toString();
    }
}
