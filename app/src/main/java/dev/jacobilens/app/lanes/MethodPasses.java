package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.trace.TokenText;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * How a pass's verified candidates ({@link PassCandidates}) are drawn: what went into the forward
 * pass besides the accepted tokens, on the same chip states as Jacobi's grid. Live runs and
 * replays draw from the same candidates, so a replay shows exactly what the live run showed.
 * <ul>
 * <li>Lookahead: the window's N−1 levels of W guesses (the lookahead branch), then the candidate
 *     n-grams from the pool that the same pass verified; the accepted n-gram's accepted tokens are
 *     fast-forwarded, the rest wrong.
 * <li>Speculative: the draft model's proposal, its accepted tokens fast-forwarded and the rest
 *     wrong; under it the target's own predictions, the one it adds after the accepted run
 *     fast-forwarded too.
 * <li>Medusa's candidate tree ({@link Role#TREE}): drawn as a tree, one row per branch and column
 *     d for position +d (head d−1's guesses), the branch of every head's top guess at the bottom; a
 *     node shared with the branches below is drawn once, in the lowest of them. Nodes on the accepted path are fast-forwarded, the rest
 *     wrong; the tooltip names the head and the rank of its guess.
 * <li>Any other candidates: one row each, its accepted tokens fast-forwarded,
 *     the rest wrong; the tooltip names its parent and metadata (head, rank).
 * </ul>
 */
public final class MethodPasses {
    private MethodPasses() {
    }

    /** One line on what the pass did, in the methods' own words. */
    public static String describe(PassCandidates pass, IntFunction<String> token) {
        List<Candidate> window = pass.inRole(Role.WINDOW);
        List<Candidate> drafts = pass.inRole(Role.DRAFT);
        if (!window.isEmpty()) {
            List<Candidate> ngrams = pass.inRole(Role.NGRAM);
            int matched = acceptedIndex(ngrams);
            String accepted = matched < 0 ? "none matched" : "candidate " + (matched + 1) + " matched";
            return "lookahead: window " + window.size() + "×" + window.get(0).tokens().length + " · pool "
                    + pass.fact(PassCandidates.POOL_SIZE) + " n-grams · " + ngrams.size() + " candidates, " + accepted;
        }
        if (!drafts.isEmpty() && !pass.inRole(Role.PREDICTION).isEmpty()) {
            Candidate draft = drafts.get(0);
            Candidate verified = pass.inRole(Role.PREDICTION).get(0);
            return "speculative: draft proposed " + draft.tokens().length + " (" + pass.fact(PassCandidates.DRAFT_PASSES)
                    + " draft passes) · target kept " + draft.accepted() + ", added “"
                    + TokenText.plain(token.apply(verified.tokens()[verified.accepted() - 1])).strip() + "”";
        }
        List<Candidate> tree = pass.inRole(Role.TREE);
        if (!tree.isEmpty()) {
            StringBuilder ranks = new StringBuilder();
            tree.stream().filter(c -> c.accepted() > 0).forEach(c -> ranks.append(ranks.length() == 0 ? "" : ",")
                    .append(c.meta().getOrDefault(RANK, 0) + 1));
            return "medusa: tree of " + tree.size() + " guesses from " + depth(tree) + " heads · accepted "
                    + (ranks.length() == 0 ? "none" : ranks.toString().split(",").length + " (ranks " + ranks + ")")
                    + " + the model's own next token";
        }
        long accepted = pass.candidates().stream().filter(c -> c.accepted() > 0).count();
        return "verified " + pass.candidates().size() + " candidates · " + accepted + " on the accepted path";
    }

    /** What the grid title says above {@link #grid}. */
    public static String gridTitle(PassCandidates pass) {
        int levels = pass.inRole(Role.WINDOW).size();
        if (levels > 0) {
            return "Rows 0–" + (levels - 1) + ": lookahead window; below: candidate n-grams verified";
        }
        if (!pass.inRole(Role.DRAFT).isEmpty()) {
            return "Row 0: the draft's proposal; row 1: the target's predictions";
        }
        if (!pass.inRole(Role.TREE).isEmpty()) {
            return "The candidate tree: column d holds head d's guesses for position +d; the top guesses' branch is the bottom row";
        }
        return "The candidates this pass verified, one per row";
    }

    /** The pass as grid rows, the candidates in the order they went into the pass. */
    public static TrajectoryGrid grid(PassCandidates pass, IntFunction<String> token) {
        if (!pass.inRole(Role.TREE).isEmpty()) {
            return padded(treeRows(pass.inRole(Role.TREE), token));
        }
        List<ChipRow> rows = new ArrayList<>();
        int ngram = 0;
        for (int c = 0; c < pass.candidates().size(); c++) {
            Candidate cand = pass.candidates().get(c);
            int accepted = cand.accepted();
            switch (cand.role()) {
                case WINDOW -> {
                    int shownLevel = cand.offset() + 1;
                    rows.add(row(cand.tokens(), i -> ChipState.PENDING, token, i -> "lookahead window, level "
                            + shownLevel + ", guess " + (i + 1) + ": a Jacobi guess whose n-grams go into the pool"));
                }
                case NGRAM -> {
                    int index = ++ngram;
                    rows.add(row(cand.tokens(), i -> i == 0 ? ChipState.ACCEPTED_LOCKED
                                    : i < accepted ? ChipState.NEWLY_ACCEPTED : ChipState.INCORRECT, token,
                            i -> "candidate n-gram " + index + ", token " + (i + 1)
                                    + (i == 0 ? ": the current token, where the n-gram starts"
                                    : i < accepted ? ": verified and fast-forwarded" : ": not what the model predicts")));
                }
                case DRAFT -> rows.add(row(cand.tokens(), i -> i < accepted ? ChipState.NEWLY_ACCEPTED
                        : ChipState.INCORRECT, token, i -> "draft token " + (i + 1) + (i < accepted
                        ? ": the target agrees, accepted" : ": the target predicts otherwise, dropped")));
                case PREDICTION -> rows.add(row(cand.tokens(), i -> i == accepted - 1 ? ChipState.NEWLY_ACCEPTED
                                : i < accepted - 1 ? ChipState.ACCEPTED_LOCKED : ChipState.PENDING, token,
                        i -> "the target's prediction after " + (i == 0 ? "the current token" : "draft token " + i)
                                + (i == accepted - 1 ? ": added by the target itself"
                                : i < accepted - 1 ? ": equals the draft token" : ": unused")));
                default -> {
                    int index = c;
                    rows.add(row(cand.tokens(), i -> i < accepted ? ChipState.NEWLY_ACCEPTED : ChipState.INCORRECT,
                            token, i -> "candidate " + (index + 1) + (cand.parent() < 0 ? ""
                                    : " (after candidate " + (cand.parent() + 1) + ")") + ", position +"
                                    + (cand.offset() + i) + meta(cand) + (i < accepted ? ": accepted" : ": rejected")));
                }
            }
        }
        return padded(rows);
    }

    private static TrajectoryGrid padded(List<ChipRow> rows) {
        int width = rows.stream().mapToInt(ChipRow::size).max().orElse(0);
        List<ChipRow> padded = rows.stream().map(r -> r.paddedTo(width)).toList();
        return new TrajectoryGrid(-1, padded, padded.size());
    }

    /** Candidate meta of a tree node: its head (from 0) and its rank in that head's guesses. */
    private static final String HEAD = "head";
    private static final String RANK = "rank";

    /**
     * One row per leaf, depth first with the less likely guesses first, so that the most likely
     * branch (every head's top guess) is the bottom row, where the lane's grid scrolls to. A node
     * is drawn in the last row that passes through it; above that its cell stays blank, so each
     * branch shows where it forks off the rows below.
     */
    private static List<ChipRow> treeRows(List<Candidate> nodes, IntFunction<String> token) {
        List<List<Integer>> children = new ArrayList<>();
        List<Integer> roots = new ArrayList<>();
        for (int c = 0; c < nodes.size(); c++) {
            children.add(new ArrayList<>());
            int parent = nodes.get(c).parent();
            (parent < 0 ? roots : children.get(parent)).add(c);
        }
        List<List<Integer>> branches = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            branches(roots.get(i), children, new ArrayList<>(), branches);
        }
        int[] lastRow = new int[nodes.size()];
        for (int r = 0; r < branches.size(); r++) {
            for (int node : branches.get(r)) {
                lastRow[node] = r;
            }
        }
        int depth = depth(nodes);
        List<ChipRow> rows = new ArrayList<>();
        for (int r = 0; r < branches.size(); r++) {
            rows.add(branchRow(nodes, branches.get(r), r, lastRow, depth, token));
        }
        return rows;
    }

    /** Every root-to-leaf path below {@code node}, the children's later (less likely) guesses first. */
    private static void branches(int node, List<List<Integer>> children, List<Integer> path,
                                 List<List<Integer>> out) {
        path.add(node);
        List<Integer> next = children.get(node);
        if (next.isEmpty()) {
            out.add(new ArrayList<>(path));
        }
        for (int i = next.size() - 1; i >= 0; i--) {
            branches(next.get(i), children, path, out);
        }
        path.remove(path.size() - 1);
    }

    private static ChipRow branchRow(List<Candidate> nodes, List<Integer> branch, int row, int[] lastRow, int depth,
                                     IntFunction<String> token) {
        List<String> tokens = new ArrayList<>();
        List<ChipState> states = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
            if (d >= branch.size() || lastRow[branch.get(d)] != row) {
                tokens.add("");
                states.add(ChipState.AFTER_END);
                details.add("");
                continue;
            }
            Candidate c = nodes.get(branch.get(d));
            int id = c.tokens()[0];
            tokens.add(TokenText.chip(token.apply(id)));
            states.add(c.accepted() > 0 ? ChipState.NEWLY_ACCEPTED : ChipState.INCORRECT);
            details.add("“" + TokenText.plain(token.apply(id)) + "” · id " + id + "\nhead "
                    + (c.meta().getOrDefault(HEAD, d) + 1) + "'s guess of rank " + (c.meta().getOrDefault(RANK, 0) + 1)
                    + " for position +" + c.offset() + (c.accepted() > 0
                    ? ": the model predicts it after the path before it, accepted"
                    : ": not what the model predicts there, dropped"));
        }
        return new ChipRow(tokens, states, details);
    }

    private static int depth(List<Candidate> nodes) {
        return nodes.stream().mapToInt(Candidate::offset).max().orElse(0);
    }

    /** The n-gram the pass accepted beyond the current token, -1 for none. */
    private static int acceptedIndex(List<Candidate> ngrams) {
        for (int g = 0; g < ngrams.size(); g++) {
            if (ngrams.get(g).accepted() > 1) {
                return g;
            }
        }
        return -1;
    }

    private static String meta(Candidate c) {
        StringBuilder text = new StringBuilder();
        c.meta().forEach((k, v) -> text.append(", ").append(k).append(' ').append(v));
        return text.toString();
    }

    private interface StateOf {
        ChipState at(int i);
    }

    private interface TextOf {
        String at(int i);
    }

    private static ChipRow row(int[] ids, StateOf state, IntFunction<String> token, TextOf what) {
        List<String> tokens = new ArrayList<>();
        List<ChipState> states = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            tokens.add(TokenText.chip(token.apply(ids[i])));
            states.add(state.at(i));
            details.add("“" + TokenText.plain(token.apply(ids[i])) + "” · id " + ids[i] + "\n" + what.at(i));
        }
        return new ChipRow(tokens, states, details);
    }
}
