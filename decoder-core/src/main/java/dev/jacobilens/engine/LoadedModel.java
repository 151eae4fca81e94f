package dev.jacobilens.engine;

import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.engine.template.PromptTemplate;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.DeviceNames;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A model and its tokenizer on one device; the model is exposed for benchmarks and training. */
public final class LoadedModel implements ModelHandle {
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final ModelInfo info;
    private final PromptTemplate template;
    /** The model's directory, where Medusa heads are looked for unless others are given. */
    private final Path directory;
    private MedusaHeadsFile.Loaded medusaHeads;

    LoadedModel(LlamaModel model, TextTokenizer tokenizer, ModelInfo info, PromptTemplate template, Path directory) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.info = info;
        this.template = template;
        this.directory = directory;
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

    /**
     * Uses the Medusa heads in {@code file} from now on; they are read and checked (trained on
     * this model, shapes, values) at once, so a bad file is reported before any decode.
     */
    public void useMedusaHeads(Path file) {
        MedusaHeadsFile.Loaded loaded = MedusaHeadsFile.load(file, model, info.weightsSha256());
        if (medusaHeads != null) {
            medusaHeads.close();
        }
        medusaHeads = loaded;
    }

    /** The Medusa heads in use: those given, else {@value MedusaHeadsFile#DEFAULT_NAME} beside the model. */
    public MedusaHeadsFile.Loaded medusaHeads() {
        if (medusaHeads == null) {
            useMedusaHeads(directory.resolve(MedusaHeadsFile.DEFAULT_NAME));
        }
        return medusaHeads;
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

    /**
     * Decodes with the settings' method ({@link MethodDecoders} picks the decoder). For a method
     * that {@linkplain dev.jacobilens.store.method.DecodeMethod#usesDraftModel() uses a draft}
     * (speculative decoding), {@code draft} proposes and this model verifies; the recording is this
     * model's, and the draft's name and passes are in its settings.
     */
    @Override
    public Recording decode(String prompt, DecodeSettings settings, ModelHandle draft, DecodeListener listener,
                            Cancellation cancel) {
        if (prompt == null || prompt.isBlank()) {
            throw new EngineException("the prompt is empty: type some text to continue");
        }
        int[] ids = promptIds(prompt);
        LoadedModel proposer = null;
        if (settings.method().usesDraftModel() && draft != null) {
            if (!(draft instanceof LoadedModel loaded)) {
                throw new EngineException("the draft model must be loaded by the engine (Models.load)");
            }
            if (!java.util.Arrays.equals(ids, loaded.promptIds(prompt))) {
                throw new EngineException("the draft model " + loaded.info().name() + " tokenizes the prompt"
                        + " differently from " + info.name() + ": a draft must share the target's tokenizer");
            }
            proposer = loaded;
        }
        long start = System.nanoTime();
        Instant createdAt = Instant.now();
        DecodeOutcome outcome = MethodDecoders.decode(model, ids, settings, proposer,
                settings.method().usesHeads() ? medusaHeads() : null, listener, cancel);
        DecodeSettings used = new DecodeSettings(settings.method(), settings.seed(), settings.maxNewTokens(), device());
        if (proposer != null) {
            used = used.withDraft(proposer.info().name(), outcome.draftPasses());
        }
        return record(prompt, ids, used, outcome, start, createdAt);
    }

    private Recording record(String prompt, int[] ids, DecodeSettings used, DecodeOutcome outcome, long start,
                             Instant createdAt) {
        long elapsed = System.nanoTime() - start;
        return new Recording(info, used, prompt, ids, outcome.prefillNanos(), outcome.blocks(), outcome.outputIds(),
                decodeText(outcome.outputIds()), outcome.stopReason(), tokenStrings(ids, outcome), elapsed, createdAt,
                outcome.candidates());
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
        // a replay draws the candidates too, so their text is kept with the rest
        for (dev.jacobilens.store.PassCandidates pass : outcome.candidates()) {
            for (dev.jacobilens.store.PassCandidates.Candidate c : pass.candidates()) {
                for (int id : c.tokens()) {
                    out.computeIfAbsent(id, tokenizer::display);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (medusaHeads != null) {
            medusaHeads.close();
        }
        tokenizer.close();
        model.close();
    }
}
