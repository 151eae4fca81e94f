package dev.jacobilens.engine;

import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.ModelInfo;
import dev.jacobilens.store.Recording;

/**
 * A loaded model with its tokenizer, ready to decode. Obtain one from {@code Models.load};
 * close it to free its native memory. Not thread-safe: run one decode at a time per handle.
 */
public interface ModelHandle extends AutoCloseable {

    ModelInfo info();

    /** The device the weights live on, as {@code DeviceNames.shown} writes it: "cpu" or "gpu 0". */
    String device();

    int[] encode(String text);

    String decodeText(int[] ids);

    /** The display string of one token id. */
    String tokenString(int id);

    /**
     * Greedy decode of a prompt with the settings' method (their device field is ignored: the
     * handle's device is used and recorded).
     *
     * @param draft the draft model, for a method that {@linkplain
     *              dev.jacobilens.store.method.DecodeMethod#usesDraftModel() uses one}; ignored otherwise
     * @throws EngineException for an empty prompt, one too long for the model, or a missing draft
     */
    Recording decode(String prompt, DecodeSettings settings, ModelHandle draft, DecodeListener listener,
                     Cancellation cancel);

    /** {@link #decode(String, DecodeSettings, ModelHandle, DecodeListener, Cancellation)} without a draft model. */
    default Recording decode(String prompt, DecodeSettings settings, DecodeListener listener, Cancellation cancel) {
        return decode(prompt, settings, null, listener, cancel);
    }

    @Override
    void close();
}
