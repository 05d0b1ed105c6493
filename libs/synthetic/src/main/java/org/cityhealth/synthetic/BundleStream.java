package org.cityhealth.synthetic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The lazy sequence of transaction bundles: residents are generated one at a time, each resident's share for each of
 * their sources is serialised at once, and a source's bundle is emitted as soon as it holds
 * {@code residentsPerBundle} residents (a clinic also when its block of residents ends; the others also at the end).
 *
 * <p>Memory holds only pending fragments: at most {@code residentsPerBundle - 1} residents' JSON for each hospital and
 * the exam centre, and for the one clinic whose block is being generated. It does not grow with the city.
 */
final class BundleStream implements Iterator<GeneratedBundle> {

    private final CitySpec spec;
    private final SourceCatalog catalog;
    private final ResidentFactory residents;
    private final HistoryGenerator history;
    private final BundleAssembler assembler;
    private final List<List<BundleAssembler.Fragment>> pending;
    private final int[] bundlesPerSource;
    private final ArrayDeque<GeneratedBundle> ready = new ArrayDeque<>();
    private final long[] counts = new long[ResourceTypes.ALL.size()];
    private int next;
    private boolean drained;
    private long resources;
    private long bundles;

    BundleStream(CitySpec spec, SourceCatalog catalog, ResidentFactory residents, HistoryGenerator history,
                 BundleAssembler assembler) {
        this.spec = spec;
        this.catalog = catalog;
        this.residents = residents;
        this.history = history;
        this.assembler = assembler;
        this.pending = new ArrayList<>(catalog.all().size());
        for (int i = 0; i < catalog.all().size(); i++) {
            pending.add(new ArrayList<>());
        }
        this.bundlesPerSource = new int[catalog.all().size()];
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && next < spec.residents()) {
            step();
        }
        if (ready.isEmpty() && !drained) {
            drained = true;
            for (int s = 0; s < pending.size(); s++) {
                emit(s);
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public GeneratedBundle next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    /** Resources emitted so far, Organization and Practitioner entries included. */
    long resources() {
        return resources;
    }

    long bundles() {
        return bundles;
    }

    long[] counts() {
        return counts.clone();
    }

    private void step() {
        Resident resident = residents.create(next);
        ResidentChart chart = history.generate(resident);
        for (int s : resident.sources()) {
            List<BundleAssembler.Fragment> queue = pending.get(s);
            queue.add(assembler.fragment(chart, catalog.get(s)));
            if (queue.size() >= spec.residentsPerBundle()) {
                emit(s);
            }
        }
        SourceCatalog.Source clinic = catalog.get(resident.clinic());
        if (next + 1 == catalog.clinicEnd(clinic)) {
            emit(clinic.index());
        }
        next++;
    }

    private void emit(int source) {
        List<BundleAssembler.Fragment> queue = pending.get(source);
        if (queue.isEmpty()) {
            return;
        }
        GeneratedBundle bundle = assembler.bundle(catalog.get(source), queue, ++bundlesPerSource[source], counts);
        resources += bundle.resourceCount();
        bundles++;
        queue.clear();
        ready.add(bundle);
    }
}
