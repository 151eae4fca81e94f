package dev.jacobilens.engine.runtime;

import dev.jacobilens.engine.EngineException;

/** --torch points at something DJL cannot use; the message names the path and what is missing. */
public final class TorchSetupException extends EngineException {
    public TorchSetupException(String message) {
        super(message);
    }
}
