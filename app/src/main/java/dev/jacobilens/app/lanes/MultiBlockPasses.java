package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.ChipState;
import dev.jacobilens.app.trace.BlockTrace;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.app.trace.TokenText;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * How a multi-block Jacobi pass is drawn: every block in flight stacked, one row per block (its
 * state after the pass, column j its position j), then the recycled n-grams the pass verified,
 * each placed under the first block's positions it would fill. Rows are labelled "B" and the
 * block's number, "R" and the n-gram's number.
 * <ul>
 * <li>the first block (the pass's own block) with its chips as Jacobi draws them: accepted
 *     earlier, fast-forwarded by this pass, stationary, correct, wrong (pending while live);
 * <li>a later block: a draft that accepts nothing yet; each token right (equal to the block's
 *     final token) or wrong, once the block has converged (while it has not, live, pending);
 *     past the output's end (a block still in flight at EOS), after the end;
 * <li>a recycled n-gram: its first token is the current token (accepted); the n-gram the pass
 *     used shows its tokens fast-forwarded, an unused one its tokens wrong up to where it
 *     stopped matching.
 * </ul>
 * Everything comes from the pass's {@link PassCandidates} and the trace's converged blocks, so a
 * replay draws what the finished live run drew.
 */
public final class MultiBlockPasses {
    private MultiBlockPasses() {
    }

    /** Whether a pass is a multi-block one: later blocks in flight, or recycled n-grams without a lookahead window. */
    public static boolean is(PassCandidates pass) {
        return !pass.inRole(Role.BLOCK).isEmpty()
                || (!pass.inRole(Role.NGRAM).isEmpty() && pass.inRole(Role.WINDOW).isEmpty());
    }

    /** The used recycled n-gram's number (from 1), 0 for none. */
    static int usedNgram(PassCandidates pass) {
        List<Candidate> ngrams = pass.inRole(Role.NGRAM);
        for (int g = 0; g < ngrams.size(); g++) {
            if (ngrams.get(g).accepted() > 1) {
                return g + 1;
            }
        }
        return 0;
    }

    /**
     * The grid's title, one line naming its rows: which block accepts, which are drafts, the
     * recycled n-grams, the pool they came from and the one used. It replaces a method line, so a
     * pass's rows get the lane's height (the badge already says blocks in flight and tokens taken).
     */
    static String title(PassCandidates pass, int firstBlock) {
        int blocks = Metrics.blocksInFlight(pass);
        int verified = pass.inRole(Role.NGRAM).size();
        int used = usedNgram(pass);
        String rows = "B" + (firstBlock + 1) + " accepts"
                + (blocks < 2 ? "" : ", " + range("B", firstBlock + 2, firstBlock + blocks)
                + (blocks == 2 ? " is a draft" : " are drafts"));
        if (verified == 0) {
            return rows;
        }
        return rows + " · " + range("R", 1, verified) + ": recycled n-gram" + (verified == 1 ? "" : "s")
                + " (pool " + pass.fact(PassCandidates.POOL_SIZE) + ")" + (used == 0 ? ", none used" : ", R" + used + " used");
    }

    private static String range(String prefix, int from, int to) {
        return from == to ? prefix + from : prefix + from + "–" + prefix + to;
    }

    /** What the badge adds to the pass's accepted and stationary counts. */
    static String badgeSuffix(PassCandidates pass) {
        int blocks = Metrics.blocksInFlight(pass);
        int recycled = Metrics.ngramTokensAccepted(pass);
        return " · " + blocks + (blocks == 1 ? " block" : " blocks") + " in flight"
                + (recycled == 0 ? "" : " · " + recycled + " from a recycled n-gram");
    }

    /**
     * The stacked rows.
     *
     * @param first         the first block's chips after the pass, as the lane shows them
     * @param firstBlock    the first block's index
     * @param acceptedBefore the first block's tokens accepted before the pass (the current token's column)
     */
    static TrajectoryGrid grid(PassCandidates pass, ChipRow first, int firstBlock, int acceptedBefore,
                               LaneTrace trace) {
        List<ChipRow> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int used = usedNgram(pass);
        rows.add(markRecycled(first, acceptedBefore, used, Metrics.ngramTokensAccepted(pass)));
        labels.add("B" + (firstBlock + 1));
        List<Candidate> all = pass.candidates();
        int outputEnd = trace.recording() == null ? Integer.MAX_VALUE : Metrics.outputTokens(trace.recording());
        for (int c = 0; c < all.size(); c++) {
            Candidate block = all.get(c);
            if (block.role() != Role.BLOCK) {
                continue;
            }
            Candidate after = c + 1 < all.size() && all.get(c + 1).role() == Role.BLOCK_AFTER ? all.get(c + 1) : block;
            int index = block.meta().getOrDefault(PassCandidates.BLOCK, -1);
            int start = trace.blocks().get(firstBlock).trajectory().start() + acceptedBefore + block.offset();
            rows.add(laterRow(block, after, index, start, trace, outputEnd));
            labels.add("B" + (index + 1));
        }
        List<Candidate> ngrams = pass.inRole(Role.NGRAM);
        for (int g = 0; g < ngrams.size(); g++) {
            rows.add(ngramRow(ngrams.get(g), g + 1, acceptedBefore, g + 1 == used, trace));
            labels.add("R" + (g + 1));
        }
        int width = rows.stream().mapToInt(ChipRow::size).max().orElse(0);
        List<ChipRow> padded = rows.stream().map(r -> r.paddedTo(width)).toList();
        return new TrajectoryGrid(firstBlock, padded, padded.size(), labels);
    }

    /** The first block's row, its tooltips naming the recycled n-gram that filled a position. */
    private static ChipRow markRecycled(ChipRow first, int acceptedBefore, int used, int recycled) {
        if (used == 0) {
            return first;
        }
        List<String> details = new ArrayList<>(first.details());
        for (int j = acceptedBefore + 1; j <= acceptedBefore + recycled && j < details.size(); j++) {
            details.set(j, details.get(j) + "\ntaken from recycled n-gram R" + used);
        }
        return new ChipRow(first.tokens(), first.states(), details);
    }

    private static ChipRow laterRow(Candidate before, Candidate after, int index, int start, LaneTrace trace,
                                    int outputEnd) {
        BlockTrace known = index >= 0 && index < trace.blocks().size() && trace.blocks().get(index).converged()
                ? trace.blocks().get(index) : null;
        int[] finalTokens = known == null ? null : known.trajectory().fixedPoint();
        int[] ids = after.tokens();
        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(trace.token(id));
        }
        List<String> tokens = TokenText.chips(pieces);
        List<ChipState> states = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int j = 0; j < ids.length; j++) {
            ChipState state;
            if (start + j >= outputEnd) {
                state = ChipState.AFTER_END; // a block in flight when the output ended at EOS
            } else if (finalTokens == null) {
                state = ChipState.PENDING;
            } else {
                state = j < finalTokens.length && finalTokens[j] == ids[j] ? ChipState.CORRECT : ChipState.INCORRECT;
            }
            states.add(state);
            String was = TokenText.plain(trace.token(before.tokens()[j]));
            details.add("“" + TokenText.plain(trace.token(ids[j])) + "” · id " + ids[j] + "\nblock " + (index + 1)
                    + ", position " + (j + 1) + ": a draft in flight, refined by this pass"
                    + (before.tokens()[j] == ids[j] ? " and unchanged by it" : " (was “" + was + "”)")
                    + (state == ChipState.PENDING ? "\nright or wrong is known once the block converges"
                    : state == ChipState.AFTER_END ? "\nafter the end (EOS): not output"
                    : state == ChipState.CORRECT ? "\nright: the block's final token" : "\nwrong: the block ends with "
                    + "“" + TokenText.plain(trace.token(finalTokens[j])) + "” here"));
        }
        return new ChipRow(tokens, states, details);
    }

    private static ChipRow ngramRow(Candidate ngram, int number, int column, boolean used, LaneTrace trace) {
        List<String> tokens = new ArrayList<>();
        List<ChipState> states = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int j = 0; j < column; j++) {
            tokens.add("");
            states.add(ChipState.AFTER_END);
            details.add("");
        }
        int[] ids = ngram.tokens();
        for (int j = 0; j < ids.length; j++) {
            tokens.add(TokenText.chip(trace.token(ids[j])));
            ChipState state = j == 0 ? ChipState.ACCEPTED_LOCKED : used && j < ngram.accepted()
                    ? ChipState.NEWLY_ACCEPTED : ChipState.INCORRECT;
            states.add(state);
            details.add("“" + TokenText.plain(trace.token(ids[j])) + "” · id " + ids[j] + "\nrecycled n-gram R" + number
                    + ", token " + (j + 1) + (j == 0 ? ": the current token, where the n-gram starts"
                    : state == ChipState.NEWLY_ACCEPTED ? ": the model predicts it here, accepted from the n-gram"
                    : used ? ": not what the model predicts, dropped"
                    : ": not used (another candidate or the block itself accepted as many or more)"));
        }
        return new ChipRow(tokens, states, details);
    }
}
