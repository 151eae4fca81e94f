package dev.jacobilens.engine;

import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.decode.LookaheadDecoder;
import dev.jacobilens.engine.decode.LookaheadSettings;
import dev.jacobilens.engine.decode.SpeculativeDecoder;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.template.PromptTemplate;
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
    private final PromptTemplate template;

    LoadedModel(LlamaModel model, TextTokenizer tokenizer, ModelInfo info, PromptTemplate template) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.info = info;
        this.template = template;
    }

    /** The prompt template decodes apply, or null for none (the prompt is tokenized as typed). */
    public PromptTemplate template() {
        return template;
    }

    /** The text the model sees for a typed prompt: rendered by the template, or the prompt itself. */
    public String promptText(String prompt) {
        return template == null ? prompt : template.render(prompt);
    }

    /**
     * The ids the model sees for a typed prompt. Without a template, the tokenizer's own special
     * tokens are added (a Llama BOS), as before; with one, the rendered text is tokenized without
     * them, as transformers' apply_chat_template does: the template writes its own.
     */
    public int[] promptIds(String prompt) {
        if (template == null) {
            return encode(prompt);
        }
        return checkIds(tokenizer.encodeContinuation(template.render(prompt)));
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
        return checkIds(tokenizer.encode(text));
    }

    private int[] checkIds(int[] ids) {
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
        int[] ids = promptIds(prompt);
        long start = System.nanoTime();
        Instant createdAt = Instant.now();
        DecodeOutcome outcome;
        DecodeSettings used;
        if (DecodeSettings.AR.equals(settings.strategy())) {
            outcome = AutoregressiveDecoder.decode(model, ids, settings.maxNewTokens(), listener, cancel);
            used = new DecodeSettings(DecodeSettings.AR, 1, settings.seed(), settings.maxNewTokens(), device());
        } else if (DecodeSettings.JACOBI.equals(settings.strategy())) {
            int poolNgram = intParameter(settings, POOL_NGRAM, 0);
            outcome = JacobiDecoder.decode(model, ids, settings.blockSize(), settings.maxNewTokens(), settings.seed(),
                    poolNgram, listener, cancel);
            used = new DecodeSettings(DecodeSettings.JACOBI, settings.blockSize(), settings.seed(),
                    settings.maxNewTokens(), device(),
                    poolNgram == 0 ? Map.of() : Map.of(POOL_NGRAM, Integer.toString(poolNgram)));
        } else if (DecodeSettings.LOOKAHEAD.equals(settings.strategy())) {
            LookaheadSettings la = lookahead(settings);
            outcome = LookaheadDecoder.decode(model, ids, settings.maxNewTokens(), la, settings.seed(), listener, cancel);
            used = new DecodeSettings(DecodeSettings.LOOKAHEAD, 1, settings.seed(), settings.maxNewTokens(), device(),
                    lookaheadParameters(la));
        } else if (DecodeSettings.SPECULATIVE.equals(settings.strategy())) {
            throw new EngineException("speculative decoding needs a draft model sharing this model's tokenizer; none was given");
        } else {
            throw new EngineException("unknown strategy '" + settings.strategy()
                    + "' (use ar, jacobi, lookahead or speculative)");
        }
        return record(prompt, ids, used, outcome, start, createdAt);
    }

    /**
     * Speculative decoding: {@code draft} proposes {@code draft_tokens} tokens (a parameter of the
     * settings, default {@value #DEFAULT_DRAFT_TOKENS}) that this model verifies. The recording is
     * this model's; the draft's passes are in its settings ({@link DecodeSettings#draftPasses()}).
     */
    public Recording decodeWithDraft(String prompt, DecodeSettings settings, LoadedModel draft,
                                     DecodeListener listener, Cancellation cancel) {
        if (prompt == null || prompt.isBlank()) {
            throw new EngineException("the prompt is empty: type some text to continue");
        }
        int[] ids = promptIds(prompt);
        if (!java.util.Arrays.equals(ids, draft.promptIds(prompt))) {
            throw new EngineException("the draft model " + draft.info().name() + " tokenizes the prompt differently"
                    + " from " + info.name() + ": a draft must share the target's tokenizer");
        }
        int k = intParameter(settings, "draft_tokens", DEFAULT_DRAFT_TOKENS);
        long start = System.nanoTime();
        Instant createdAt = Instant.now();
        DecodeOutcome outcome = SpeculativeDecoder.decode(model, draft.model(), ids, settings.maxNewTokens(), k,
                listener, cancel);
        DecodeSettings used = new DecodeSettings(DecodeSettings.SPECULATIVE, 1, settings.seed(),
                settings.maxNewTokens(), device(), Map.of("draft_model", draft.info().name(),
                "draft_tokens", Integer.toString(k), DecodeSettings.DRAFT_PASSES, Integer.toString(outcome.draftPasses())));
        return record(prompt, ids, used, outcome, start, createdAt);
    }

    /** Jacobi parameter: n-gram size of a pool that seeds each block's guess (0 or absent: none). */
    public static final String POOL_NGRAM = "pool_ngram";

    /** Draft tokens per speculative pass unless the settings say otherwise. */
    public static final int DEFAULT_DRAFT_TOKENS = 4;

    /** Lookahead W, N, G and text n-grams from the settings' parameters, the defaults where absent. */
    public static LookaheadSettings lookahead(DecodeSettings s) {
        LookaheadSettings d = LookaheadSettings.DEFAULTS;
        return new LookaheadSettings(intParameter(s, "window", d.window()), intParameter(s, "ngram", d.ngram()),
                intParameter(s, "guesses", d.guesses()),
                Boolean.parseBoolean(s.parameters().getOrDefault("text_ngrams", Boolean.toString(d.textNgrams()))));
    }

    public static Map<String, String> lookaheadParameters(LookaheadSettings la) {
        return Map.of("window", Integer.toString(la.window()), "ngram", Integer.toString(la.ngram()),
                "guesses", Integer.toString(la.guesses()), "text_ngrams", Boolean.toString(la.textNgrams()));
    }

    private static int intParameter(DecodeSettings s, String name, int fallback) {
        String v = s.parameters().get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new EngineException(s.strategy() + " parameter " + name + " must be a whole number, got '" + v + "'");
        }
    }

    private Recording record(String prompt, int[] ids, DecodeSettings used, DecodeOutcome outcome, long start,
                             Instant createdAt) {
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
