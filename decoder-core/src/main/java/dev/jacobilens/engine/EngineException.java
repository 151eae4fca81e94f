package dev.jacobilens.engine;

/**
 * A problem the user can act on: a missing or corrupt file, an unsupported configuration, an
 * input the model cannot take. The message names the file or input and the problem.
 */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
