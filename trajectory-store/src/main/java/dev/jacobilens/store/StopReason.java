package dev.jacobilens.store;

/** Why a decode stopped. Files write {@link #id()} (see {@link EnumIds}). */
public enum StopReason {
    /** The model wrote its end-of-sequence token (the last output token). */
    EOS,
    /** The generation budget was spent. */
    MAX_NEW_TOKENS,
    /** The model's context (max_position_embeddings) filled up before the budget was spent. */
    CONTEXT_FULL,
    /** A stop was asked for; the decode returned what it had. */
    CANCELLED,
    /** Imported data that does not say. */
    UNKNOWN;

    /** The word files write: the name in lower case ("max_new_tokens"). */
    public String id() {
        return EnumIds.id(this);
    }

    @Override
    public String toString() {
        return id();
    }
}
