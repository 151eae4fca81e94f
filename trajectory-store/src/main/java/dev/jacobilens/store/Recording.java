package dev.jacobilens.store;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A recording of one decode: what was asked, of which model, how, and every Jacobi state on the
 * way to the output.
 *
 * <p>Blocks are in output order and do not overlap; an imported recording may skip blocks the
 * source file left out. The arrays are shared, not copied: treat them as immutable.
 *
 * @param model        the model that decoded
 * @param settings     decoding settings
 * @param promptText   the prompt as typed
 * @param promptIds    the prompt's token ids
 * @param prefillNanos wall time of the prompt pass (it also yields the first new token)
 * @param blocks       the blocks in order
 * @param outputIds    the output: generated ids up to and including the first EOS (or up to max
 *                     new tokens); ids a block accepted after the EOS are not part of it (see
 *                     {@link Metrics})
 * @param outputText   the decoded output
 * @param stopReason   why the decode stopped
 * @param tokenStrings the display string of every id the recording contains
 * @param elapsedNanos wall time of the whole decode
 * @param createdAt    when the decode ran; null when unknown (imported data)
 * @param passCandidates what passes verified besides their accepted tokens (lookahead's window and
 *                     n-grams, speculative's draft, a candidate tree), by increasing pass number;
 *                     empty for AR and Jacobi and in files written before replays kept them
 */
public record Recording(
        ModelInfo model,
        DecodeSettings settings,
        String promptText,
        int[] promptIds,
        long prefillNanos,
        List<BlockTrajectory> blocks,
        int[] outputIds,
        String outputText,
        StopReason stopReason,
        Map<Integer, String> tokenStrings,
        long elapsedNanos,
        Instant createdAt,
        // left out of files when empty, so AR and Jacobi recordings are written as before
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PassCandidates> passCandidates) {

    public Recording {
        requirePresent(model, "model");
        requirePresent(settings, "settings");
        requirePresent(promptText, "prompt text");
        requirePresent(outputText, "output text");
        requirePresent(stopReason, "stop reason");
        requirePresent(blocks, "blocks");
        Ids.requireNonNegative(promptIds, "prompt ids");
        Ids.requireNonNegative(outputIds, "output ids");
        if (prefillNanos < 0 || elapsedNanos < 0) {
            throw new IllegalArgumentException("negative prefill or elapsed time");
        }
        blocks = Collections2.copyNonNull(blocks, "block");
        requireOrdered(blocks);
        requireCountsFit(blocks, prefillNanos);
        requireOutputAccepted(outputIds, blocks);
        tokenStrings = sortedTokenStrings(tokenStrings);
        passCandidates = passCandidates == null ? List.of() : Collections2.copyNonNull(passCandidates, "pass candidates");
        requirePassesKnown(passCandidates, forwardPasses(blocks));
    }

    /** A recording without pass candidates (AR, Jacobi, imported data). */
    public Recording(ModelInfo model, DecodeSettings settings, String promptText, int[] promptIds, long prefillNanos,
                     List<BlockTrajectory> blocks, int[] outputIds, String outputText, StopReason stopReason,
                     Map<Integer, String> tokenStrings, long elapsedNanos, Instant createdAt) {
        this(model, settings, promptText, promptIds, prefillNanos, blocks, outputIds, outputText, stopReason,
                tokenStrings, elapsedNanos, createdAt, List.of());
    }

    private static void requirePassesKnown(List<PassCandidates> candidates, int passes) {
        int before = 1;
        for (PassCandidates c : candidates) {
            if (c.pass() <= before || c.pass() > passes) {
                throw new IllegalArgumentException("pass candidates for pass " + c.pass() + ": passes must increase"
                        + " and lie within the recording's " + passes + " forward passes");
            }
            before = c.pass();
        }
    }

    /** What pass {@code pass} (numbered as {@link Metrics} does) verified; null when it verified nothing else. */
    public PassCandidates candidatesOf(int pass) {
        for (PassCandidates c : passCandidates) {
            if (c.pass() == pass) {
                return c;
            }
        }
        return null;
    }

    private static void requirePresent(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " missing");
        }
    }

    /** Totals over all blocks must fit their types, or metrics come out negative. */
    private static void requireCountsFit(List<BlockTrajectory> blocks, long prefillNanos) {
        long passes = 1;
        long tokens = 0;
        long nanos = prefillNanos;
        for (BlockTrajectory b : blocks) {
            passes += b.passes();
            tokens += b.acceptedTotal();
            for (long t : b.passNanos()) {
                nanos += t;
                if (nanos < 0) {
                    throw new IllegalArgumentException("pass times add up past the largest time");
                }
            }
        }
        if (passes > Integer.MAX_VALUE || tokens > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("forward passes or accepted tokens add up past " + Integer.MAX_VALUE);
        }
    }

    /**
     * Every output token was accepted by some pass: an output longer than the blocks' accepted
     * tokens would be shown as tokens no pass produced (and inflate tokens per pass).
     */
    private static void requireOutputAccepted(int[] outputIds, List<BlockTrajectory> blocks) {
        long accepted = 0;
        for (BlockTrajectory b : blocks) {
            accepted += b.acceptedTotal();
        }
        if (outputIds.length > accepted) {
            throw new IllegalArgumentException("the output has " + outputIds.length + " tokens but the blocks' passes"
                    + " accepted only " + accepted);
        }
    }

    private static void requireOrdered(List<BlockTrajectory> blocks) {
        for (int i = 1; i < blocks.size(); i++) {
            BlockTrajectory before = blocks.get(i - 1);
            BlockTrajectory block = blocks.get(i);
            if (block.index() <= before.index() || block.start() < before.start() + before.size()) {
                throw new IllegalArgumentException("block " + block.index() + " (start " + block.start()
                        + ") does not follow block " + before.index() + " (start " + before.start() + ", size "
                        + before.size() + ")");
            }
        }
    }

    // Sorted by id so that files are written the same way every time.
    private static Map<Integer, String> sortedTokenStrings(Map<Integer, String> tokenStrings) {
        TreeMap<Integer, String> sorted = new TreeMap<>();
        if (tokenStrings != null) {
            tokenStrings.forEach((id, text) -> {
                if (id == null || id < 0 || text == null) {
                    throw new IllegalArgumentException("token string entry " + id + " -> " + text
                            + ": ids must be non-negative and strings present");
                }
                sorted.put(id, text);
            });
        }
        return Collections.unmodifiableMap(sorted);
    }

    /** Forward passes of the whole decode: the prompt pass plus every block's passes. */
    public int forwardPasses() {
        return forwardPasses(blocks);
    }

    private static int forwardPasses(List<BlockTrajectory> blocks) {
        int passes = 1;
        for (BlockTrajectory b : blocks) {
            passes += b.passes();
        }
        return passes;
    }

    /**
     * Tokens accepted by all blocks' passes, those after the end (EOS) included; figures count
     * {@link Metrics#outputTokens output tokens} instead.
     */
    public int acceptedTokens() {
        int tokens = 0;
        for (BlockTrajectory b : blocks) {
            tokens += b.acceptedTotal();
        }
        return tokens;
    }

    // Records compare arrays by identity; a recording is a value, so compare contents.
    @Override
    public boolean equals(Object o) {
        return o instanceof Recording r
                && prefillNanos == r.prefillNanos && elapsedNanos == r.elapsedNanos
                && model.equals(r.model) && settings.equals(r.settings) && promptText.equals(r.promptText)
                && Arrays.equals(promptIds, r.promptIds) && blocks.equals(r.blocks)
                && Arrays.equals(outputIds, r.outputIds) && outputText.equals(r.outputText)
                && stopReason.equals(r.stopReason) && tokenStrings.equals(r.tokenStrings)
                && Objects.equals(createdAt, r.createdAt) && passCandidates.equals(r.passCandidates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, settings, promptText, Arrays.hashCode(promptIds), prefillNanos, blocks,
                Arrays.hashCode(outputIds), outputText, stopReason, tokenStrings, elapsedNanos, createdAt, passCandidates);
    }

    @Override
    public String toString() {
        return "Recording[model=" + model.name() + ", settings=" + settings + ", promptIds="
                + Arrays.toString(promptIds) + ", blocks=" + blocks + ", outputIds=" + Arrays.toString(outputIds)
                + ", stopReason=" + stopReason + ", createdAt=" + createdAt + "]";
    }
}
