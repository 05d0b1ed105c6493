package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.LongConsumer;

/**
 * Links a whole set of records at once (the re-link after a model or threshold change): every blocked pair is
 * scored once, linked pairs are joined strongest first into clusters, and a join that would put two different valid
 * resident IDs into one person is refused and sent to review instead.
 */
public final class BatchLinker {

    /** Two records (positions in the input) that a person should look at. */
    public record ReviewPair(int a, int b, PairScore score) {
    }

    /**
     * The clusters (position → cluster number, the smallest position in the cluster), the pairs for review, and how
     * many pairs were compared.
     */
    public record Result(int[] cluster, List<ReviewPair> reviews, long compared, PatternCounts patterns) {
    }

    private record Edge(int a, int b, PairScore score) {
    }

    private static final int CHUNK = 4096;

    private BatchLinker() {
    }

    /** Scores the blocked pairs of {@code index} and clusters them; {@code progress} receives records done so far. */
    public static Result link(MatchIndex index, Matcher matcher, int threads, LongConsumer progress) {
        return link(index, matcher, threads, progress, (a, b) -> false);
    }

    /**
     * As {@link #link(MatchIndex, Matcher, int, LongConsumer)}, never joining a pair that {@code keptApart} names
     * (positions; e.g. a reviewer separated them).
     */
    public static Result link(MatchIndex index, Matcher matcher, int threads, LongConsumer progress, BiPredicate<Integer, Integer> keptApart) {
        int n = index.size();
        List<Edge> links = new ArrayList<>();
        List<ReviewPair> reviews = new ArrayList<>();
        PatternCounts patterns = new PatternCounts();
        AtomicLong compared = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<List<Edge>>> futures = new ArrayList<>();
            for (int start = 0; start < n; start += CHUNK) {
                int from = start;
                int to = Math.min(n, start + CHUNK);
                futures.add(pool.submit(() -> {
                    List<Edge> edges = new ArrayList<>();
                    PatternCounts local = new PatternCounts();
                    long pairs = 0;
                    for (int i = from; i < to; i++) {
                        Profile profile = index.profile(i);
                        for (int j : index.candidatePositions(profile)) {
                            if (j <= i) {
                                continue;
                            }
                            PairScore score = matcher.score(profile, index.profile(j));
                            local.add(score.comparison());
                            pairs++;
                            if (score.outcome() != Outcome.DISTINCT && !keptApart.test(i, j)) {
                                edges.add(new Edge(i, j, score));
                            }
                        }
                    }
                    patterns.addAll(local);
                    compared.addAndGet(pairs);
                    progress.accept(done.addAndGet(to - from));
                    return edges;
                }));
            }
            for (Future<List<Edge>> future : futures) {
                for (Edge edge : future.get()) {
                    if (edge.score().outcome() == Outcome.LINK) {
                        links.add(edge);
                    } else {
                        reviews.add(new ReviewPair(edge.a(), edge.b(), edge.score()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        // Deterministic links (identifiers) first, then by weight: the strongest evidence claims a cluster first.
        links.sort(Comparator.comparing((Edge e) -> !e.score().rule().startsWith("same ")).thenComparing(e -> -e.score().weight()));
        UnionFind clusters = new UnionFind(index, keptApart);
        for (Edge edge : links) {
            String refusal = clusters.union(edge.a(), edge.b());
            if (refusal != null) {
                reviews.add(new ReviewPair(edge.a(), edge.b(), new PairScore(edge.score().comparison(), edge.score().weight(),
                        Outcome.REVIEW, refusal + ": " + edge.score().rule())));
            }
        }
        int[] cluster = new int[n];
        for (int i = 0; i < n; i++) {
            cluster[i] = clusters.smallest(i);
        }
        return new Result(cluster, reviews, compared.get(), patterns);
    }

    /**
     * Union–find that keeps, per cluster, its valid resident ID, smallest member and members (to refuse a union
     * that would put a kept-apart pair into one cluster through a third record).
     */
    private static final class UnionFind {
        private final int[] parent;
        private final int[] smallest;
        private final String[] residentId;
        private final List<List<Integer>> members;
        private final BiPredicate<Integer, Integer> keptApart;

        UnionFind(MatchIndex index, BiPredicate<Integer, Integer> keptApart) {
            int n = index.size();
            this.keptApart = keptApart;
            parent = new int[n];
            smallest = new int[n];
            residentId = new String[n];
            members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                parent[i] = i;
                smallest[i] = i;
                residentId[i] = index.profile(i).residentId();
                members.add(null);
            }
        }

        private List<Integer> membersOf(int root) {
            List<Integer> list = members.get(root);
            return list == null ? List.of(root) : list;
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        /** Joins the clusters of a and b; null when they are (now) one, else why not. */
        String union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return null;
            }
            if (residentId[ra] != null && residentId[rb] != null && !residentId[ra].equals(residentId[rb])) {
                return "linking would join two different resident IDs";
            }
            for (int x : membersOf(ra)) {
                for (int y : membersOf(rb)) {
                    if (keptApart.test(x, y) || keptApart.test(y, x)) {
                        return "linking would join records a reviewer kept apart";
                    }
                }
            }
            List<Integer> joined = new ArrayList<>(membersOf(ra));
            joined.addAll(membersOf(rb));
            members.set(ra, joined);
            members.set(rb, null);
            parent[rb] = ra;
            smallest[ra] = Math.min(smallest[ra], smallest[rb]);
            if (residentId[ra] == null) {
                residentId[ra] = residentId[rb];
            }
            return null;
        }

        int smallest(int x) {
            return smallest[find(x)];
        }
    }
}
