package dev.jacobilens.engine;

import dev.jacobilens.engine.decode.AutoregressiveDecoder;
import dev.jacobilens.engine.decode.DecodeOutcome;
import dev.jacobilens.engine.decode.JacobiDecoder;
import dev.jacobilens.engine.decode.LookaheadDecoder;
import dev.jacobilens.engine.decode.MedusaDecoder;
import dev.jacobilens.engine.decode.MedusaTree;
import dev.jacobilens.engine.decode.MultiBlockDecoder;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.engine.decode.SpeculativeDecoder;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.method.Lookahead;
import dev.jacobilens.store.method.Medusa;
import dev.jacobilens.store.method.MultiBlock;
import dev.jacobilens.store.method.Speculative;

/**
 * The one place that picks a decoder for a {@link DecodeMethod}. A new method adds its branch
 * here (and nowhere else in the engine); a method that needs a second model gets it as
 * {@code draft}.
 */
public final class MethodDecoders {
    private MethodDecoders() {
    }

    /**
     * Decodes {@code prompt} with the settings' method.
     *
     * @param draft the draft model for methods that {@linkplain DecodeMethod#usesDraftModel() use one}; null otherwise
     */
    public static DecodeOutcome decode(LlamaModel model, int[] prompt, DecodeSettings settings, LoadedModel draft,
                                DecodeListener listener, Cancellation cancel) {
        return decode(model, prompt, settings, draft, null, listener, cancel);
    }

    /**
     * Decodes {@code prompt} with the settings' method.
     *
     * @param draft the draft model for methods that {@linkplain DecodeMethod#usesDraftModel() use one}; null otherwise
     * @param heads Medusa heads for methods that {@linkplain DecodeMethod#usesHeads() use them}; null otherwise
     */
    public static DecodeOutcome decode(LlamaModel model, int[] prompt, DecodeSettings settings, LoadedModel draft,
                                       MedusaHeadsFile.Loaded heads, DecodeListener listener, Cancellation cancel) {
        DecodeMethod method = settings.method();
        if (method.usesHeads() && heads == null) {
            throw new EngineException("Medusa decoding needs heads trained for this model; none were given"
                    + " (train them with train-medusa)");
        }
        if (method.usesDraftModel() && draft == null) {
            throw new EngineException(method.label().toLowerCase() + " decoding needs a draft model sharing this"
                    + " model's tokenizer; none was given");
        }
        if (method instanceof Autoregressive) {
            return AutoregressiveDecoder.decode(model, prompt, settings.maxNewTokens(), listener, cancel);
        }
        if (method instanceof Jacobi j) {
            return JacobiDecoder.decode(model, prompt, j.blockSize(), settings.maxNewTokens(), settings.seed(),
                    j.poolNgram(), listener, cancel);
        }
        if (method instanceof Lookahead la) {
            return LookaheadDecoder.decode(model, prompt, settings.maxNewTokens(), la, settings.seed(), listener,
                    cancel);
        }
        if (method instanceof Speculative sp) {
            return SpeculativeDecoder.decode(model, draft.model(), prompt, settings.maxNewTokens(), sp.draftTokens(),
                    listener, cancel);
        }
        if (method instanceof Medusa md) {
            MedusaTree tree = MedusaTree.fromAccuracy(heads.rankAccuracy(), md.treeNodes(), md.treeDepth());
            return MedusaDecoder.decode(model, heads.heads(), prompt, settings.maxNewTokens(), tree, listener, cancel);
        }
        if (method instanceof MultiBlock mb) {
            return MultiBlockDecoder.decode(model, prompt, settings.maxNewTokens(), mb, settings.seed(), listener, cancel);
        }
        // unreachable while every permitted method has a branch above (Java 17 has no exhaustive switch)
        throw new EngineException("no decoder for the method " + method.label());
    }
}
