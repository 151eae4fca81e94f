package dev.jacobilens.train;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.LlamaConfig;
import dev.jacobilens.engine.model.RopeConfig;

import java.util.List;

/** The Llama shapes our own base models are trained at. */
public final class BaseModelConfigs {
    private BaseModelConfigs() {
    }

    /**
     * @param name "small" (the embedded model: hidden 256, 4 layers, 8 query / 4 key-value
     *             heads, about 3M parameters), "draft" (the speculative-decoding draft of the maths
     *             pair: hidden 128, 2 layers, about 0.4M parameters, so a draft pass costs about half
     *             a target pass in DJL op overhead) or "tiny" (tests: hidden 64, 2 layers)
     */
    public static LlamaConfig named(String name, int vocabSize) {
        switch (name) {
            case "small":
                return new LlamaConfig(vocabSize, 256, 688, 4, 8, 4, 32, 1e-5, RopeConfig.defaults(10000), 512,
                        false, 1, List.of(2), 3);
            case "draft":
                return new LlamaConfig(vocabSize, 128, 344, 2, 4, 2, 32, 1e-5, RopeConfig.defaults(10000), 512,
                        false, 1, List.of(2), 3);
            case "tiny":
                return new LlamaConfig(vocabSize, 64, 176, 2, 4, 2, 16, 1e-5, RopeConfig.defaults(10000), 512,
                        false, 1, List.of(2), 3);
            default:
                throw new EngineException("unknown model config '" + name + "' (use small, draft or tiny)");
        }
    }

    public static long parameterCount(LlamaConfig c) {
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long perLayer = 2 * h + h * (q + 2 * kv) + q * h + 3 * h * c.intermediateSize();
        return c.numLayers() * perLayer + h + (c.tieWordEmbeddings() ? 1 : 2) * (long) c.vocabSize() * h;
    }
}
