package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/** Autoregressive decoding: one token per forward pass, the baseline every method is measured against. */
public record Autoregressive() implements DecodeMethod {
    public static final Autoregressive INSTANCE = new Autoregressive();

    @Override
    public String id() {
        return "ar";
    }

    @Override
    public String label() {
        return "AR";
    }

    @Override
    public String summary() {
        return "AR: one token per forward pass (the baseline)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of();
    }

    @Override
    public Map<String, Integer> values() {
        return Map.of();
    }

    @Override
    public String describe() {
        return "AR";
    }

    @Override
    public DecodeMethod withValues(Map<String, Integer> values) {
        return INSTANCE;
    }
}
