package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/**
 * Speculative decoding (Leviathan et al. 2023; Chen et al. 2023): a draft model sharing the
 * tokenizer proposes k tokens autoregressively; the target verifies them in one pass.
 *
 * @param draftTokens k, tokens the draft proposes per target pass
 */
public record Speculative(int draftTokens) implements DecodeMethod {
    public static final MethodParameter DRAFT_TOKENS = MethodParameter.number("draft_tokens", "Draft tokens k", "k", 1, 64,
            4, "Tokens the draft model proposes per target pass; the target keeps the run it agrees with");
    public static final Speculative DEFAULT = new Speculative(4);

    public Speculative {
        DRAFT_TOKENS.check("speculative", draftTokens);
    }

    private static final MethodDescriptor DESCRIPTOR = new MethodDescriptor("speculative", "Speculative",
            "Speculative: a draft model proposes k tokens, this model verifies them in one pass", List.of(DRAFT_TOKENS));

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Speculative withValues(Map<String, Integer> values) {
        return new Speculative(values.get(DRAFT_TOKENS.key()));
    }

    @Override
    public List<Integer> valuesInOrder() {
        return List.of(draftTokens);
    }

    @Override
    public boolean usesDraftModel() {
        return true;
    }

    @Override
    public String describe() {
        return "speculative k=" + draftTokens;
    }
}
