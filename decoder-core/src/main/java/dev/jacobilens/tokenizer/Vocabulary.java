package dev.jacobilens.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Word-level vocabulary: the token at index i has id i. */
public record Vocabulary(List<String> tokens) {
    public Vocabulary {
        tokens = List.copyOf(tokens);
        if (!tokens.subList(0, Math.min(tokens.size(), SpecialTokens.ALL.size())).equals(SpecialTokens.ALL)) {
            throw new IllegalArgumentException("vocabulary must start with " + SpecialTokens.ALL);
        }
        if (new HashMap<>(ids(tokens)).size() != tokens.size()) {
            throw new IllegalArgumentException("vocabulary has duplicate tokens");
        }
    }

    public int size() {
        return tokens.size();
    }

    public Map<String, Integer> ids() {
        return ids(tokens);
    }

    private static Map<String, Integer> ids(List<String> tokens) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.putIfAbsent(tokens.get(i), i);
        }
        return ids;
    }
}
