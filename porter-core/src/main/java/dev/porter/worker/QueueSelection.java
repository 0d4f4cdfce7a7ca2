package dev.porter.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Which queues a worker reads and in what order.
 * <ul>
 *   <li>{@link #of}: one claim across all of them, highest job priority first, then enqueue order.</li>
 *   <li>{@link #strict}: the first queue while it has due jobs, then the next (Sidekiq's strict order).</li>
 *   <li>{@link #weighted}: each claim visits the queues in a random order drawn by weight, so with
 *       {@code critical=6,default=3,low=1} critical comes first 60% of the time and no queue starves.</li>
 * </ul>
 */
public sealed interface QueueSelection {
    /** Every queue named, in no particular order. */
    List<String> queues();

    /** The groups of queues to claim from for one claim round, in order; each group is one store call. */
    List<List<String>> claimOrder(RandomGenerator random);

    static QueueSelection of(List<String> queues) {
        return new Together(distinct(queues));
    }

    static QueueSelection strict(List<String> queues) {
        return new Strict(distinct(queues));
    }

    static QueueSelection weighted(Map<String, Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("weighted queues need at least one queue");
        }
        weights.forEach((q, w) -> {
            if (w == null || w < 1) {
                throw new IllegalArgumentException("queue '" + q + "' needs a weight of at least 1, was " + w);
            }
        });
        return new Weighted(new LinkedHashMap<>(weights));
    }

    /**
     * Parses {@code critical=6,default=3,low=1} (weighted) or {@code a,b,c} (together); {@code strict}
     * turns a plain list into strict order.
     */
    static QueueSelection parse(String spec, boolean strict) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("queue list is empty");
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                names.add(p);
                continue;
            }
            String name = p.substring(0, eq).trim();
            try {
                weights.put(name, Integer.parseInt(p.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("queue weight in '" + p + "' is not a whole number");
            }
        }
        if (!weights.isEmpty() && !names.isEmpty()) {
            throw new IllegalArgumentException("give every queue a weight or none: '" + spec + "'");
        }
        if (!weights.isEmpty()) {
            if (strict) {
                throw new IllegalArgumentException("strict order and weights do not mix: '" + spec + "'");
            }
            return weighted(weights);
        }
        return strict ? strict(names) : of(names);
    }

    private static List<String> distinct(List<String> queues) {
        List<String> d = List.copyOf(new java.util.LinkedHashSet<>(queues));
        if (d.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one queue");
        }
        for (String q : d) {
            if (q == null || q.isBlank()) {
                throw new IllegalArgumentException("queue names must not be blank");
            }
        }
        return d;
    }

    record Together(List<String> queues) implements QueueSelection {
        @Override
        public List<List<String>> claimOrder(RandomGenerator random) {
            return List.of(queues);
        }
    }

    record Strict(List<String> queues) implements QueueSelection {
        @Override
        public List<List<String>> claimOrder(RandomGenerator random) {
            return queues.stream().map(List::of).toList();
        }
    }

    record Weighted(Map<String, Integer> weights) implements QueueSelection {
        @Override
        public List<String> queues() {
            return List.copyOf(weights.keySet());
        }

        @Override
        public List<List<String>> claimOrder(RandomGenerator random) {
            Map<String, Integer> left = new LinkedHashMap<>(weights);
            List<List<String>> order = new ArrayList<>(left.size());
            while (!left.isEmpty()) {
                int total = left.values().stream().mapToInt(Integer::intValue).sum();
                int pick = random.nextInt(total);
                for (var e : left.entrySet()) {
                    pick -= e.getValue();
                    if (pick < 0) {
                        order.add(List.of(e.getKey()));
                        left.remove(e.getKey());
                        break;
                    }
                }
            }
            return order;
        }
    }
}
