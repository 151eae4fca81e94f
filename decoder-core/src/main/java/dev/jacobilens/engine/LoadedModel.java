package dev.jacobilens.engine;

import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.DeviceNames;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A model and its tokenizer on one device; the model is exposed for benchmarks and training. */
public final class LoadedModel implements ModelHandle {
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final ModelInfo info;

    LoadedModel(LlamaModel model, TextTokenizer tokenizer, ModelInfo info) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.info = info;
    }

    public LlamaModel model() {
        return model;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public String device() {
        return DeviceNames.shown(model.device().toString());
    }

    @Override
    public int[] encode(String text) {
        int[] ids = tokenizer.encode(text);
        for (int id : ids) {
            if (id < 0 || id >= model.config().vocabSize()) {
                // Caught here, in words; PyTorch would say "index out of range in self".
                throw new EngineException("the prompt encodes to token id " + id + ", outside the model's vocabulary"
                        + " (vocab_size " + model.config().vocabSize() + "): tokenizer.json does not match config.json");
            }
        }
        return ids;
    }

    @Override
    public String decodeText(int[] ids) {
        return tokenizer.decode(ids);
    }

    @Override
    public String tokenString(int id) {
        return tokenizer.display(id);
    }

    @Override
    public Recording decode(String prompt, DecodeSettings settings, DecodeListener listener, Cancellation cancel) {
        if (prompt == null || prompt.isBlank()) {
            throw new EngineException("the prompt is empty: type some text to continue");
        }
        int[] ids = encode(prompt);
        long start = System.nanoTime();
        Instant createdAt = Instant.now();
        DecodeOutcome outcome;
        DecodeSettings used;
        if (DecodeSettings.AR.equals(settings.strategy())) {
            outcome = AutoregressiveDecoder.decode(model, ids, settings.maxNewTokens(), listener, cancel);
            used = new DecodeSettings(DecodeSettings.AR, 1, settings.seed(), settings.maxNewTokens(), device());
        } else if (DecodeSettings.JACOBI.equals(settings.strategy())) {
            outcome = JacobiDecoder.decode(model, ids, settings.blockSize(), settings.maxNewTokens(), settings.seed(),
                    listener, cancel);
            used = new DecodeSettings(DecodeSettings.JACOBI, settings.blockSize(), settings.seed(),
                    settings.maxNewTokens(), device());
        } else {
            throw new EngineException("unknown strategy '" + settings.strategy() + "' (use ar or jacobi)");
        }
        long elapsed = System.nanoTime() - start;
        return new Recording(info, used, prompt, ids, outcome.prefillNanos(), outcome.blocks(), outcome.outputIds(),
                decodeText(outcome.outputIds()), outcome.stopReason(), tokenStrings(ids, outcome), elapsed, createdAt);
    }

    private Map<Integer, String> tokenStrings(int[] prompt, DecodeOutcome outcome) {
        Map<Integer, String> out = new TreeMap<>();
        for (int id : prompt) {
            out.computeIfAbsent(id, tokenizer::display);
        }
        for (BlockTrajectory b : outcome.blocks()) {
            for (int[] state : b.states()) {
                for (int id : state) {
                    out.computeIfAbsent(id, tokenizer::display);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
