package dev.jacobilens.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one forward pass verified besides the tokens it accepted, so that a replay draws what the
 * live run drew. Lookahead, speculative and tree (Medusa) passes put candidate token sequences
 * into the model next to the current token; the pass's block holds only what it accepted.
 *
 * <p>The form is general: a pass holds candidate sequences, each a run of tokens at consecutive
 * positions. {@link Candidate#offset} places the first token relative to the current token (the
 * last accepted one's successor, known right: offset 0 is the current token itself, offset 1 the
 * position after it). {@link Candidate#parent} makes a tree: a candidate continues the sequence
 * at that index (its first token follows the parent's last), -1 for one that starts from the
 * current token. How the methods use it:
 * <ul>
 * <li>lookahead: one {@link Role#WINDOW} candidate per window level l (offset l, W tokens; column i
 *     of every level forms one Jacobi chain), then the {@link Role#NGRAM} candidates from the pool
 *     (offset 0, N tokens starting with the current token); facts {@code pool_size};
 * <li>speculative: the {@link Role#DRAFT} proposal (offset 1, k tokens) and the target's
 *     {@link Role#PREDICTION}s after the current token and each draft token (offset 1, k + 1
 *     tokens); facts {@code draft_passes};
 * <li>a candidate tree (Medusa): one candidate per tree node with {@code parent} its parent node,
 *     meta {@code head} (the head that proposed it) and {@code rank} (its place in that head's
 *     top-k);
 * <li>multi-block Jacobi: the pass's block is the first block in flight; every later block in
 *     flight is a {@link Role#BLOCK} candidate (its state as it went in, at its offset after the
 *     current token, accepted 0, meta {@code block}: its block index from 0, {@code stable}: its
 *     tokens the pass left unchanged) followed by a {@link Role#BLOCK_AFTER} candidate
 *     (its parent, the same offset and length: its state after the pass); then the recycled
 *     n-grams verified, {@link Role#NGRAM} as lookahead's (offset 0, from the current token,
 *     accepted 1 unless the pass used it, then every token it accepted); facts {@code pool_size}.
 * </ul>
 * {@link Candidate#accepted} says how many leading tokens of a candidate the pass accepted (a
 * prediction row: how many the target used). The arrays are shared: treat them as immutable.
 *
 * @param pass       the forward pass, numbered as {@link Metrics} numbers passes (pass 1 is the prompt pass)
 * @param candidates the sequences the pass verified, in the order they went into the pass
 * @param facts      figures of the pass by name, e.g. {@code pool_size}, {@code draft_passes}
 */
public record PassCandidates(int pass, List<Candidate> candidates, Map<String, Integer> facts) {
    /** Fact: n-grams in lookahead's pool after the pass's harvest. */
    public static final String POOL_SIZE = "pool_size";
    /** Candidate meta of a {@link Role#BLOCK}: its block index, from 0. */
    public static final String BLOCK = "block";
    /** Candidate meta of a {@link Role#BLOCK}: how many of its tokens the pass left unchanged. */
    public static final String STABLE = "stable";
    /** Fact: the draft model's forward passes spent on the pass's proposal. */
    public static final String DRAFT_PASSES = "draft_passes";

    public PassCandidates {
        if (pass < 2) {
            throw new IllegalArgumentException("pass candidates for pass " + pass
                    + ": only passes after the prompt pass (2 and on) verify candidates");
        }
        if (candidates == null) {
            throw new IllegalArgumentException("pass " + pass + ": candidates missing");
        }
        candidates = Collections2.copyNonNull(candidates, "pass " + pass + ": candidate");
        for (int c = 0; c < candidates.size(); c++) {
            int parent = candidates.get(c).parent();
            if (parent >= c) {
                throw new IllegalArgumentException("pass " + pass + ", candidate " + c + ": parent " + parent
                        + " must come before it");
            }
            Candidate one = candidates.get(c);
            if (one.role() == Role.BLOCK_AFTER) {
                Candidate before = parent < 0 ? null : candidates.get(parent);
                if (before == null || before.role() != Role.BLOCK || before.offset() != one.offset()
                        || before.tokens().length != one.tokens().length) {
                    throw new IllegalArgumentException("pass " + pass + ", candidate " + c + ": a block's state after"
                            + " the pass must follow its block candidate, at the same offset and of the same length");
                }
            }
        }
        facts = sorted(facts, "pass " + pass + ": fact");
    }

    /** The candidates in one role, in order. */
    public List<Candidate> inRole(Role role) {
        return candidates.stream().filter(c -> c.role() == role).toList();
    }

    /** A fact, or 0 when the pass does not have it. */
    public int fact(String name) {
        return facts.getOrDefault(name, 0);
    }

    /** What a candidate sequence is. Files write the lower-case name (see {@link EnumIds}). */
    public enum Role {
        /** A level of lookahead's window (its Jacobi guesses). */
        WINDOW,
        /** An n-gram from lookahead's pool, verified in the pass. */
        NGRAM,
        /** A draft model's proposal. */
        DRAFT,
        /** The target's own greedy predictions along a candidate. */
        PREDICTION,
        /** A node of a candidate tree. */
        TREE,
        /** A later block in flight (multi-block Jacobi), as it went into the pass. */
        BLOCK,
        /** The same block after the pass: the pass's predictions shifted in (its parent is the block). */
        BLOCK_AFTER;
    }

    /**
     * One candidate sequence.
     *
     * @param role     what it is
     * @param tokens   its token ids, at consecutive positions
     * @param offset   position of its first token after the current token (0: the current token)
     * @param parent   index of the candidate it continues, -1 for none
     * @param accepted leading tokens the pass accepted (or, for predictions, used)
     * @param meta     figures of the candidate by name, e.g. {@code head}, {@code rank}, {@code level}
     */
    public record Candidate(Role role, int[] tokens, int offset, int parent, int accepted, Map<String, Integer> meta) {
        public Candidate {
            if (role == null || tokens == null) {
                throw new IllegalArgumentException("a candidate needs a role and tokens");
            }
            Ids.requireNonNegative(tokens, "candidate tokens");
            if (offset < 0 || parent < -1 || accepted < 0 || accepted > tokens.length) {
                throw new IllegalArgumentException("candidate with " + tokens.length + " tokens: offset " + offset
                        + ", parent " + parent + " and accepted " + accepted + " must be non-negative (parent -1"
                        + " for none) and accepted at most the tokens");
            }
            meta = sorted(meta, "candidate meta");
        }

        /** A candidate without a parent or metadata. */
        public Candidate(Role role, int[] tokens, int offset, int accepted) {
            this(role, tokens, offset, -1, accepted, Map.of());
        }

        // Records compare arrays by identity; a candidate is a value, so compare contents.
        @Override
        public boolean equals(Object o) {
            return o instanceof Candidate c && role == c.role && offset == c.offset && parent == c.parent
                    && accepted == c.accepted && Arrays.equals(tokens, c.tokens) && meta.equals(c.meta);
        }

        @Override
        public int hashCode() {
            return Objects.hash(role, Arrays.hashCode(tokens), offset, parent, accepted, meta);
        }

        @Override
        public String toString() {
            return "Candidate[" + EnumIds.id(role) + " " + Arrays.toString(tokens) + " offset " + offset + " parent " + parent
                    + " accepted " + accepted + (meta.isEmpty() ? "" : " " + meta) + "]";
        }
    }

    private static Map<String, Integer> sorted(Map<String, Integer> map, String what) {
        TreeMap<String, Integer> out = new TreeMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException(what + " " + k + " = " + v + ": names and values must be present");
                }
                out.put(k, v);
            });
        }
        return Collections.unmodifiableMap(out);
    }
}
