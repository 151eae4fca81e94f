package dev.jacobilens.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link Recording} so that files written before {@code pass_candidates} existed still
 * load (as none), while every other field stays required and strictly typed. The strict mapper
 * fails on any missing record field, so the recording is first bound to a plain holder without a
 * creator, straight from the parser (locations and paths are kept).
 */
final class RecordingReader extends JsonDeserializer<Recording> {
    /** Bound by field; null means absent. */
    static final class Holder {
        ModelInfo model;
        DecodeSettings settings;
        String promptText;
        int[] promptIds;
        Long prefillNanos;
        List<BlockTrajectory> blocks;
        int[] outputIds;
        String outputText;
        StopReason stopReason;
        Map<Integer, String> tokenStrings;
        Long elapsedNanos;
        Instant createdAt;
        List<PassCandidates> passCandidates;
    }

    @Override
    public Recording deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        Holder h = ctxt.readValue(p, Holder.class);
        RequiredFields.check(ctxt, Recording.class, "recording", "model", h.model, "settings", h.settings,
                "prompt_text", h.promptText, "prompt_ids", h.promptIds, "prefill_nanos", h.prefillNanos,
                "blocks", h.blocks, "output_ids", h.outputIds, "output_text", h.outputText, "stop_reason",
                h.stopReason, "token_strings", h.tokenStrings, "elapsed_nanos", h.elapsedNanos);
        try {
            return new Recording(h.model, h.settings, h.promptText, h.promptIds, h.prefillNanos, h.blocks, h.outputIds,
                    h.outputText, h.stopReason, h.tokenStrings, h.elapsedNanos, h.createdAt,
                    h.passCandidates == null ? List.of() : h.passCandidates);
        } catch (IllegalArgumentException e) {
            return (Recording) ctxt.reportInputMismatch(Recording.class, e.getMessage());
        }
    }
}
