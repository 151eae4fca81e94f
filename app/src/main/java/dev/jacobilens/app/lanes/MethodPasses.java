package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.trace.TokenText;
import dev.jacobilens.engine.PassDetail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * How a lookahead or speculative pass is drawn: what went into the forward pass besides the
 * accepted tokens, on the same chip states as Jacobi's grid.
 * <ul>
 * <li>Lookahead: the window's N−1 levels of W guesses (the lookahead branch), then the candidate
 *     n-grams from the pool that the same pass verified; the accepted candidate's tokens are
 *     fast-forwarded, the others' first wrong token is wrong.
 * <li>Speculative: the draft model's proposal, its accepted tokens fast-forwarded and the rest
 *     wrong; under it the target's own predictions, the one it adds after the accepted run
 *     fast-forwarded too.
 * </ul>
 */
public final class MethodPasses {
    private MethodPasses() {
    }

    /** Every token id a detail names, so the lane can ask for their display strings. */
    public static List<Integer> ids(PassDetail detail) {
        List<Integer> ids = new ArrayList<>();
        if (detail instanceof PassDetail.Lookahead la) {
            for (int[] row : la.window()) {
                for (int id : row) {
                    ids.add(id);
                }
            }
            for (int[] row : la.candidates()) {
                for (int id : row) {
                    ids.add(id);
                }
            }
        } else if (detail instanceof PassDetail.Speculative sp) {
            for (int id : sp.draft()) {
                ids.add(id);
            }
            for (int id : sp.verified()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** One line on what the pass did, in the methods' own words. */
    public static String describe(PassDetail detail, IntFunction<String> token) {
        if (detail instanceof PassDetail.Lookahead la) {
            int levels = la.window().length;
            int width = levels == 0 ? 0 : la.window()[0].length;
            String accepted = la.acceptedCandidate() < 0 ? "none matched" : "candidate " + (la.acceptedCandidate() + 1)
                    + " matched";
            return "lookahead: window " + levels + "×" + width + " · pool " + la.poolSize() + " n-grams · "
                    + la.candidates().length + " candidates, " + accepted;
        }
        if (detail instanceof PassDetail.Speculative sp) {
            return "speculative: draft proposed " + sp.draft().length + " (" + sp.draftPasses()
                    + " draft passes) · target kept " + sp.acceptedDraft() + ", added “"
                    + TokenText.plain(token.apply(sp.verified()[sp.acceptedDraft()])).strip() + "”";
        }
        return "";
    }

    /** What the grid title says above {@link #grid}. */
    public static String gridTitle(PassDetail detail) {
        if (detail instanceof PassDetail.Lookahead la) {
            return "Rows 0–" + (la.window().length - 1) + ": lookahead window; below: candidate n-grams verified";
        }
        if (detail instanceof PassDetail.Speculative) {
            return "Row 0: the draft's proposal; row 1: the target's predictions";
        }
        return "";
    }

    /** The pass as grid rows. */
    public static TrajectoryGrid grid(PassDetail detail, IntFunction<String> token) {
        List<ChipRow> rows = new ArrayList<>();
        if (detail instanceof PassDetail.Lookahead la) {
            for (int level = 0; level < la.window().length; level++) {
                int[] row = la.window()[level];
                int shownLevel = level + 1;
                rows.add(row(row, i -> ChipState.PENDING, token, i -> "lookahead window, level " + shownLevel
                        + ", guess " + (i + 1) + ": a Jacobi guess whose n-grams go into the pool"));
            }
            for (int c = 0; c < la.candidates().length; c++) {
                int[] cand = la.candidates()[c];
                boolean accepted = c == la.acceptedCandidate();
                int index = c;
                rows.add(row(cand, i -> i == 0 ? ChipState.ACCEPTED_LOCKED
                                : accepted ? ChipState.NEWLY_ACCEPTED : ChipState.INCORRECT, token,
                        i -> "candidate n-gram " + (index + 1) + ", token " + (i + 1)
                                + (i == 0 ? ": the current token, where the n-gram starts"
                                : accepted ? ": verified and fast-forwarded" : ": not what the model predicts")));
            }
        } else if (detail instanceof PassDetail.Speculative sp) {
            rows.add(row(sp.draft(), i -> i < sp.acceptedDraft() ? ChipState.NEWLY_ACCEPTED : ChipState.INCORRECT,
                    token, i -> "draft token " + (i + 1) + (i < sp.acceptedDraft()
                            ? ": the target agrees, accepted" : ": the target predicts otherwise, dropped")));
            rows.add(row(sp.verified(), i -> i == sp.acceptedDraft() ? ChipState.NEWLY_ACCEPTED
                            : i < sp.acceptedDraft() ? ChipState.ACCEPTED_LOCKED : ChipState.PENDING, token,
                    i -> "the target's prediction after " + (i == 0 ? "the current token" : "draft token " + i)
                            + (i == sp.acceptedDraft() ? ": added by the target itself"
                            : i < sp.acceptedDraft() ? ": equals the draft token" : ": unused")));
        }
        int width = rows.stream().mapToInt(ChipRow::size).max().orElse(0);
        List<ChipRow> padded = rows.stream().map(r -> pad(r, width)).toList();
        return new TrajectoryGrid(-1, padded, padded.size());
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

    /** Rows of one grid share a column count; short rows end in blank cells. */
    private static ChipRow pad(ChipRow row, int width) {
        if (row.size() == width) {
            return row;
        }
        List<String> tokens = new ArrayList<>(row.tokens());
        List<ChipState> states = new ArrayList<>(row.states());
        List<String> details = new ArrayList<>(row.details());
        while (tokens.size() < width) {
            tokens.add("");
            states.add(ChipState.AFTER_END);
            details.add("");
        }
        return new ChipRow(tokens, states, details);
    }
}
