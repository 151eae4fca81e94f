package dev.jacobilens.app.lanes;

import dev.jacobilens.store.Recording;

/**
 * The prompt as the model saw it, token by token: with a chat template that is the rendered
 * text (system prompt, role markers, special tokens), not what was typed. Shown when hovering
 * a lane's model line.
 */
final class PromptSeen {
    /** Beyond this many tokens the list is cut: a tooltip is no place for a whole document. */
    static final int MAX_TOKENS = 400;

    private PromptSeen() {
    }

    static String describe(Recording r) {
        Object template = r.model().config().get("prompt_template");
        int[] ids = r.promptIds();
        StringBuilder sb = new StringBuilder("The model saw ").append(ids.length).append(" prompt tokens (")
                .append(template == null ? "no template: the prompt as typed" : "template: " + template).append("):\n");
        for (int i = 0; i < Math.min(ids.length, MAX_TOKENS); i++) {
            String piece = r.tokenStrings().getOrDefault(ids[i], "<" + ids[i] + ">");
            sb.append(i == 0 ? "" : "·").append(piece.replace("\n", "⏎"));
        }
        if (ids.length > MAX_TOKENS) {
            sb.append("· … (").append(ids.length - MAX_TOKENS).append(" more)");
        }
        return sb.toString();
    }
}
