package org.cityhealth.hub.cli;

import java.util.Arrays;
import org.cityhealth.hub.ledger.LedgerReader;

/**
 * The published size over time, sampled every few milliseconds. With the completion time of every append, it gives
 * each entry's delay to publication as the horizontal distance between the two cumulative curves: the k-th append
 * is taken as published when the published size first covers k entries. Entries are integrated in commit order,
 * so this is each entry's own delay up to the sampling period.
 */
final class PublicationTimeline {

    private static final int MAX_SAMPLES = 1_000_000;

    private final long[] times = new long[MAX_SAMPLES];
    private final long[] sizes = new long[MAX_SAMPLES];
    private final Thread sampler;
    private volatile boolean running = true;
    private int count;

    private PublicationTimeline(LedgerReader reader, long baseline) {
        this.sampler = Thread.ofPlatform().daemon().name("bench-timeline").start(() -> {
            while (running && count < MAX_SAMPLES) {
                long size = reader.publishedSize() - baseline;
                times[count] = System.nanoTime();
                sizes[count] = size;
                count++;
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static PublicationTimeline start(LedgerReader reader, long baseline) {
        return new PublicationTimeline(reader, baseline);
    }

    void stop() throws InterruptedException {
        running = false;
        sampler.join();
    }

    /** Sorted delays in ms of the appends completed after {@code from} (nanoTime). */
    double[] delaysMillis(long[] completedAt, int appends, long from) {
        double[] delays = new double[appends];
        int n = 0;
        int sample = 0;
        for (int k = 0; k < appends; k++) {
            while (sample < count && sizes[sample] < k + 1) {
                sample++;
            }
            if (sample == count) {
                break;
            }
            if (completedAt[k] >= from) {
                delays[n++] = Math.max(0, times[sample] - completedAt[k]) / 1e6;
            }
        }
        double[] measured = Arrays.copyOf(delays, n);
        Arrays.sort(measured);
        return measured;
    }
}
