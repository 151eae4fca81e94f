package dev.jacobilens.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A recording of one decode: what was asked, of which model, how, and every Jacobi state on the
 * way to the output.
 *
 * @param model        the model that decoded
 * @param settings     decoding settings
 * @param promptText   the prompt as typed
 * @param promptIds    the prompt's token ids
 * @param prefillNanos wall time of the prompt pass (it also yields the first new token)
 * @param blocks       the blocks in order
 * @param outputIds    generated ids, trimmed after EOS and to max new tokens
 * @param outputText   the decoded output
 * @param stopReason   "eos", "max_new_tokens" or "cancelled"
 * @param tokenStrings the display string of every id the recording contains
 * @param elapsedNanos wall time of the whole decode
 * @param createdAt    when the decode ran
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
        String stopReason,
        Map<Integer, String> tokenStrings,
        long elapsedNanos,
        Instant createdAt) {

    public Recording {
        blocks = List.copyOf(blocks);
        tokenStrings = tokenStrings == null ? Map.of() : Map.copyOf(tokenStrings);
    }

    /** Forward passes of the whole decode: the prompt pass plus every block's passes. */
    public int forwardPasses() {
        int passes = 1;
        for (BlockTrajectory b : blocks) {
            passes += b.passes();
        }
        return passes;
    }
}
