package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/** Autoregressive decoding: one token per forward pass, the baseline every method is measured against. */
public record Autoregressive() implements DecodeMethod {
    public static final Autoregressive INSTANCE = new Autoregressive();

    private static final MethodDescriptor DESCRIPTOR = new MethodDescriptor("ar", "AR",
            "AR: one token per forward pass (the baseline)", List.of());

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<Integer> valuesInOrder() {
        return List.of();
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
