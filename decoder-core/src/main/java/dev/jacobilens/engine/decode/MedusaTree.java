package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.EngineException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.StringJoiner;

/**
 * Medusa's candidate tree (its {@code medusa_choices}): the root is the current token (the base
 * model's own greedy prediction, known right); each other node is a path of ranks, e.g. (0, 2)
 * is head 0's most likely token followed by head 1's third most likely. Node depth d takes its
 * token from head d − 1 and sits d positions after the root. Every node's parent path is in the
 * tree too, so each node's ancestors are exactly the tokens it follows.
 *
 * <p>Written as paths separated by ';', ranks by ',': {@code 0;1;0,0;0,1;0,0,0}. Nodes are kept
 * in Medusa's order, by depth and then by ranks, so node 0 is the root and parents come first.
 */
public final class MedusaTree {
    /** Nodes one tree may hold (the pass runs them all as one sequence). */
    public static final int MAX_NODES = 256;

    /** Node i's path (node 0, the root, has the empty path). */
    private final int[][] paths;
    private final int[] parent;

    private MedusaTree(List<int[]> sorted) {
        int n = sorted.size() + 1;
        paths = new int[n][];
        parent = new int[n];
        paths[0] = new int[0];
        parent[0] = -1;
        Map<String, Integer> index = new HashMap<>();
        index.put(key(paths[0]), 0);
        for (int i = 1; i < n; i++) {
            paths[i] = sorted.get(i - 1);
            String k = key(paths[i]);
            if (index.containsKey(k)) {
                throw new EngineException("Medusa tree: path " + k + " is given twice");
            }
            Integer p = index.get(key(Arrays.copyOf(paths[i], paths[i].length - 1)));
            if (p == null) {
                throw new EngineException("Medusa tree: path " + k + " needs its parent "
                        + key(Arrays.copyOf(paths[i], paths[i].length - 1)) + " in the tree too");
            }
            parent[i] = p;
            index.put(k, i);
        }
    }

    /** A tree from its paths (any order; duplicates and orphans refused). */
    public static MedusaTree of(List<int[]> paths) {
        if (paths.size() + 1 > MAX_NODES) {
            throw new EngineException("Medusa tree: " + paths.size() + " paths; at most " + (MAX_NODES - 1)
                    + " fit in one pass");
        }
        List<int[]> sorted = new ArrayList<>();
        for (int[] p : paths) {
            if (p.length == 0) {
                throw new EngineException("Medusa tree: an empty path (the root is always there; give only the"
                        + " paths below it)");
            }
            for (int r : p) {
                if (r < 0) {
                    throw new EngineException("Medusa tree: rank " + r + " in path " + key(p) + " (ranks count"
                            + " from 0, the head's most likely token)");
                }
            }
            sorted.add(p.clone());
        }
        sorted.sort(Comparator.<int[]>comparingInt(p -> p.length).thenComparing(Arrays::compare));
        return new MedusaTree(sorted);
    }

    /** Parses {@code 0;1;0,0}: paths separated by ';', ranks by ','. */
    public static MedusaTree parse(String text) {
        if (text == null || text.isBlank()) {
            throw new EngineException("Medusa tree is empty: give paths of head ranks like 0;1;0,0");
        }
        List<int[]> paths = new ArrayList<>();
        for (String part : text.split(";")) {
            String path = part.trim();
            if (path.isEmpty()) {
                continue;
            }
            String[] ranks = path.split(",");
            int[] p = new int[ranks.length];
            for (int i = 0; i < ranks.length; i++) {
                try {
                    p[i] = Integer.parseInt(ranks[i].trim());
                } catch (NumberFormatException e) {
                    throw new EngineException("Medusa tree: '" + path + "' is not a path of ranks like 0,1"
                            + " (paths separated by ';', ranks by ',')");
                }
            }
            paths.add(p);
        }
        if (paths.isEmpty()) {
            throw new EngineException("Medusa tree is empty: give paths of head ranks like 0;1;0,0");
        }
        return of(paths);
    }

    /** Each head's top token only, one after the other: a chain of {@code depth} nodes below the root. */
    public static MedusaTree chain(int depth) {
        List<int[]> paths = new ArrayList<>();
        for (int d = 1; d <= depth; d++) {
            paths.add(new int[d]);
        }
        return of(paths);
    }

    /**
     * The tree of {@code nodes} paths with the highest expected acceptance, as the Medusa paper
     * builds its trees: a path's chance of being accepted is taken as the product over its
     * depths d of {@code rankAccuracy[d][rank]}, how often head d's token of that rank was the
     * right one on held-out text. A child never scores above its parent, so taking paths best
     * first always yields a tree.
     */
    public static MedusaTree best(double[][] rankAccuracy, int nodes) {
        record Scored(int[] path, double score) {
        }
        PriorityQueue<Scored> queue = new PriorityQueue<>(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparingInt(s -> s.path().length).thenComparing(Scored::path, Arrays::compare));
        for (int r = 0; r < rankAccuracy[0].length; r++) {
            queue.add(new Scored(new int[] {r}, rankAccuracy[0][r]));
        }
        List<int[]> chosen = new ArrayList<>();
        while (chosen.size() < nodes && !queue.isEmpty()) {
            Scored s = queue.poll();
            chosen.add(s.path());
            int d = s.path().length;
            if (d < rankAccuracy.length) {
                for (int r = 0; r < rankAccuracy[d].length; r++) {
                    int[] child = Arrays.copyOf(s.path(), d + 1);
                    child[d] = r;
                    queue.add(new Scored(child, s.score() * rankAccuracy[d][r]));
                }
            }
        }
        return of(chosen);
    }

    /**
     * The tree {@link #best} builds from the heads' measured accuracy, with {@code nodes} nodes
     * below the root and at most {@code depth} levels (0: as many as there are heads).
     */
    public static MedusaTree fromAccuracy(double[][] rankAccuracy, int nodes, int depth) {
        if (depth > rankAccuracy.length) {
            throw new EngineException("the Medusa tree is " + depth + " deep but there are only " + rankAccuracy.length
                    + " heads (node depth d takes its token from head d-1)");
        }
        return best(Arrays.copyOf(rankAccuracy, depth == 0 ? rankAccuracy.length : depth), nodes);
    }

    /** Nodes, the root included. */
    public int size() {
        return paths.length;
    }

    /** The deepest node's depth: the heads the tree needs. */
    public int depth() {
        int d = 0;
        for (int[] p : paths) {
            d = Math.max(d, p.length);
        }
        return d;
    }

    /** The largest rank used at any depth, plus one: how many top tokens each head must give. */
    public int width() {
        int w = 0;
        for (int[] p : paths) {
            for (int r : p) {
                w = Math.max(w, r + 1);
            }
        }
        return w;
    }

    /** The same tree without the nodes deeper than {@code maxDepth} (near the end of the context). */
    public MedusaTree within(int maxDepth) {
        if (depth() <= maxDepth) {
            return this;
        }
        List<int[]> kept = new ArrayList<>();
        for (int i = 1; i < paths.length; i++) {
            if (paths[i].length <= maxDepth) {
                kept.add(paths[i]);
            }
        }
        return of(kept);
    }

    public int depth(int node) {
        return paths[node].length;
    }

    /** The rank of a node's token in its head's list (-1 for the root). */
    public int rank(int node) {
        return node == 0 ? -1 : paths[node][paths[node].length - 1];
    }

    public int parent(int node) {
        return parent[node];
    }

    /** The tokens of the pass: the root, then each node's token from its head's ranked list. */
    int[] tokens(int root, int[][] topTokens) {
        int[] t = new int[paths.length];
        t[0] = root;
        for (int i = 1; i < paths.length; i++) {
            t[i] = topTokens[depth(i) - 1][rank(i)];
        }
        return t;
    }

    /** Node i sits depth(i) positions after the root. */
    int[] positions(int rootPosition) {
        int[] p = new int[paths.length];
        for (int i = 0; i < paths.length; i++) {
            p[i] = rootPosition + depth(i);
        }
        return p;
    }

    /** Each node sees itself and its ancestors, the root included: its own causal chain. */
    boolean[][] visibility() {
        boolean[][] v = new boolean[paths.length][paths.length];
        for (int i = 0; i < paths.length; i++) {
            for (int a = i; a >= 0; a = parent[a]) {
                v[i][a] = true;
            }
        }
        return v;
    }

    /** The paths as {@link #parse} reads them. */
    public String text() {
        StringJoiner out = new StringJoiner(";");
        for (int i = 1; i < paths.length; i++) {
            out.add(key(paths[i]));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private static String key(int[] path) {
        StringJoiner j = new StringJoiner(",");
        for (int r : path) {
            j.add(Integer.toString(r));
        }
        return j.toString();
    }
}
