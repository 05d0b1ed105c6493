package org.cityhealth.synthetic;

import java.util.SplittableRandom;

/** The few distributions the generator needs beyond uniform and Gaussian. */
final class Stats {

    private Stats() {
    }

    static int poisson(double mean, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /** Standard normal CDF (Abramowitz–Stegun 26.2.17, error below 1e-7). */
    static double normalCdf(double x) {
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double density = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
        double tail = density * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978
                + t * 1.330274429))));
        return x >= 0 ? 1 - tail : tail;
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** Linear interpolation of a piecewise-linear curve through ({@code xs}, {@code ys}), flat outside. */
    static double interpolate(double[] xs, double[] ys, double x) {
        if (x <= xs[0]) {
            return ys[0];
        }
        for (int i = 1; i < xs.length; i++) {
            if (x <= xs[i]) {
                double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + f * (ys[i] - ys[i - 1]);
            }
        }
        return ys[ys.length - 1];
    }

    /** The first x at which an increasing piecewise-linear curve reaches {@code y}, or NaN if it never does. */
    static double inverse(double[] xs, double[] ys, double y) {
        if (y <= ys[0]) {
            return xs[0];
        }
        for (int i = 1; i < xs.length; i++) {
            if (y <= ys[i]) {
                double f = (y - ys[i - 1]) / (ys[i] - ys[i - 1]);
                return xs[i - 1] + f * (xs[i] - xs[i - 1]);
            }
        }
        return Double.NaN;
    }
}
