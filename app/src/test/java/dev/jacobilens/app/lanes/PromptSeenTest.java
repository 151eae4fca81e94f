package dev.jacobilens.app.lanes;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hovering a lane's model line shows the prompt tokens the model saw, and through which template. */
class PromptSeenTest {
    @Test
    void theModelLinesTooltipListsThePromptTokensAndTheTemplate() {
        Recording plain = TestRecordings.recording("cllm-tiny", List.of(TestRecordings.twoPassBlock()));
        Map<Integer, String> tokens = new java.util.HashMap<>(plain.tokenStrings());
        tokens.put(1, "<|im_start|>");
        tokens.put(5, "user\n");
        tokens.put(6, " 2 + 3");
        Recording templated = new Recording(new ModelInfo("qwen", "/models/qwen", null,
                Map.of("prompt_template", "chat_template of tokenizer_config.json")), plain.settings(), plain.promptText(),
                plain.promptIds(), plain.prefillNanos(), plain.blocks(), plain.outputIds(), plain.outputText(),
                plain.stopReason(), tokens, plain.elapsedNanos(), plain.createdAt());

        LaneViewModel lane = new LaneViewModel(Lane.CONSISTENCY, new dev.jacobilens.app.chips.StoreChipStates());
        lane.setTrace(LaneTrace.of(templated));
        String tip = lane.modelPathProperty().get();
        assertTrue(tip.contains("The model saw 3 prompt tokens (template: chat_template of tokenizer_config.json):\n"
                + "<|im_start|>·user⏎· 2 + 3"), tip);

        lane.setTrace(LaneTrace.of(plain));
        tip = lane.modelPathProperty().get();
        assertTrue(tip.contains("The model saw 3 prompt tokens (no template: the prompt as typed)"), tip);
    }
}
