package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Fellegi–Sunter model: for every field and level, the probability {@code m} of that level among pairs of records
 * of one person and {@code u} among pairs of different people, and {@code lambda}, the share of matches among the
 * compared (blocked) pairs. A level's weight is {@code log2(m/u)}; a comparison's weight is the sum over the fields
 * both records have. Models are estimated from the data by {@link Em}; {@link #starting()} is only EM's start.
 */
public record MatchModel(double lambda, double[][] m, double[][] u) {

    /** Floor of any probability, so that a level never seen in a sample does not weigh infinitely. */
    static final double FLOOR = 1e-7;

    public MatchModel {
        if (!(lambda > 0 && lambda < 1)) {
            throw new IllegalArgumentException("lambda must be in (0, 1): " + lambda);
        }
        m = copy(m);
        u = copy(u);
        for (Field field : Field.values()) {
            if (m[field.ordinal()].length != field.levelCount() || u[field.ordinal()].length != field.levelCount()) {
                throw new IllegalArgumentException(field + " has " + field.levelCount() + " levels");
            }
        }
    }

    /**
     * EM's starting point: matches mostly agree, non-matches agree about as often as chance would make them. The
     * figures only need to put EM in the right basin (the class whose records agree); EM replaces them.
     */
    public static MatchModel starting() {
        double[][] m = new double[Field.COUNT][];
        double[][] u = new double[Field.COUNT][];
        for (Field field : Field.values()) {
            int levels = field.levelCount();
            m[field.ordinal()] = new double[levels];
            u[field.ordinal()] = new double[levels];
            for (int level = 0; level < levels; level++) {
                m[field.ordinal()][level] = level == 0 ? 0.9 : 0.1 / (levels - 1);
                u[field.ordinal()][level] = level == levels - 1 ? 0.9 : 0.1 / (levels - 1);
            }
        }
        return new MatchModel(0.1, m, u);
    }

    /** The weight of one field at one level: log2(m/u). */
    public double weight(Field field, int level) {
        if (level < 0) {
            return 0;
        }
        return log2(Math.max(m[field.ordinal()][level], FLOOR) / Math.max(u[field.ordinal()][level], FLOOR));
    }

    /** The total weight of a comparison. */
    public double weight(Comparison comparison) {
        double total = 0;
        for (Field field : Field.values()) {
            total += weight(field, comparison.level(field));
        }
        return total;
    }

    /** Probability that a compared pair with this weight is a match, under the model's lambda. */
    public double probability(double weight) {
        double odds = lambda / (1 - lambda) * Math.pow(2, weight);
        return Double.isInfinite(odds) ? 1 : odds / (1 + odds);
    }

    /** A copy with other u probabilities. */
    public MatchModel withU(double[][] u) {
        return new MatchModel(lambda, m, u);
    }

    /** One line per field: {@code FIELD m=… u=…}, then {@code lambda=…}. Read back by {@link #parse}. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("lambda=").append(lambda).append('\n');
        for (Field field : Field.values()) {
            out.append(field.name()).append(" m=").append(join(m[field.ordinal()])).append(" u=").append(join(u[field.ordinal()])).append('\n');
        }
        return out.toString();
    }

    public static MatchModel parse(String text) {
        double lambda = Double.NaN;
        double[][] m = new double[Field.COUNT][];
        double[][] u = new double[Field.COUNT][];
        for (String line : text.strip().split("\n")) {
            if (line.startsWith("lambda=")) {
                lambda = Double.parseDouble(line.substring("lambda=".length()));
                continue;
            }
            String[] parts = line.split(" ");
            Field field = Field.valueOf(parts[0]);
            m[field.ordinal()] = split(parts[1].substring(2));
            u[field.ordinal()] = split(parts[2].substring(2));
        }
        return new MatchModel(lambda, m, u);
    }

    /** A readable table of the weights, for logs and the operations page. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Field field : Field.values()) {
            StringBuilder line = new StringBuilder(field.name());
            for (int level = 0; level < field.levelCount(); level++) {
                line.append(String.format(Locale.ROOT, "  %s %+.1f", field.label(level), weight(field, level)));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String join(double[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(v -> Double.toString(v)).toList());
    }

    private static double[] split(String text) {
        return Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static double[][] copy(double[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
