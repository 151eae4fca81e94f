package dev.jacobilens.store.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.store.method.DecodeMethod;

/** A method's parameters in the JSON the commands print ({@code inspect}, {@code decode}, {@code bench}). */
public final class MethodJson {
    private MethodJson() {
    }

    /** The method's parameter values into a JSON object: numbers, and a switch as true or false. */
    public static void putValues(ObjectNode into, DecodeMethod method) {
        method.valuesForJson().forEach((key, value) -> {
            if (value instanceof Boolean on) {
                into.put(key, on);
            } else {
                into.put(key, (Integer) value);
            }
        });
    }
}
