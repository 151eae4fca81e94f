package dev.jacobilens.engine;

/** Receives every forward pass of a decode, on the decoding thread. Keep it quick. */
@FunctionalInterface
public interface DecodeListener {
    DecodeListener NONE = event -> { };

    void onPass(PassEvent event);
}
