package dev.jacobilens.store.method;

import java.util.List;

/**
 * What a kind of {@link DecodeMethod} is, whatever its values: its id, its name for a person, a
 * sentence on what it does and its parameters in the order a person sees them.
 *
 * @param id         the word in files and on the command line; never changes once files carry it
 * @param label      the name for a person ("Lookahead")
 * @param summary    one sentence for menus and tooltips
 * @param parameters the tunable parameters
 */
public record MethodDescriptor(String id, String label, String summary, List<MethodParameter> parameters) {
    public MethodDescriptor {
        parameters = List.copyOf(parameters);
    }
}
