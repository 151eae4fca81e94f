package dev.jacobilens.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a decode stopped. Files write {@link #id()}. */
public enum StopReason {
    /** The model wrote its end-of-sequence token (the last output token). */
    EOS("eos"),
    /** The generation budget was spent. */
    MAX_NEW_TOKENS("max_new_tokens"),
    /** The model's context (max_position_embeddings) filled up before the budget was spent. */
    CONTEXT_FULL("context_full"),
    /** A stop was asked for; the decode returned what it had. */
    CANCELLED("cancelled"),
    /** Imported data that does not say. */
    UNKNOWN("unknown");

    private final String id;

    StopReason(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /**
     * The reason a file names.
     *
     * @throws IllegalArgumentException for any other word (the message lists the known ones)
     */
    @JsonCreator
    public static StopReason fromId(String id) {
        for (StopReason r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown stop reason '" + id
                + "' (expected eos, max_new_tokens, context_full, cancelled or unknown)");
    }

    @Override
    public String toString() {
        return id;
    }
}
