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
        require(ctxt, h.model, "model");
        require(ctxt, h.settings, "settings");
        require(ctxt, h.promptText, "prompt_text");
        require(ctxt, h.promptIds, "prompt_ids");
        require(ctxt, h.prefillNanos, "prefill_nanos");
        require(ctxt, h.blocks, "blocks");
        require(ctxt, h.outputIds, "output_ids");
        require(ctxt, h.outputText, "output_text");
        require(ctxt, h.stopReason, "stop_reason");
        require(ctxt, h.tokenStrings, "token_strings");
        require(ctxt, h.elapsedNanos, "elapsed_nanos");
        try {
            return new Recording(h.model, h.settings, h.promptText, h.promptIds, h.prefillNanos, h.blocks, h.outputIds,
                    h.outputText, h.stopReason, h.tokenStrings, h.elapsedNanos, h.createdAt,
                    h.passCandidates == null ? List.of() : h.passCandidates);
        } catch (IllegalArgumentException e) {
            return (Recording) ctxt.reportInputMismatch(Recording.class, e.getMessage());
        }
    }

    private static void require(DeserializationContext ctxt, Object value, String field) throws IOException {
        if (value == null) {
            ctxt.reportInputMismatch(Recording.class, "Missing required field '" + field + "' of the recording");
        }
    }
}
