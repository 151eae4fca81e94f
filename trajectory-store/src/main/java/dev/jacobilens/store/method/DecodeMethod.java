package dev.jacobilens.store.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A decoding method and its parameters: the one type the CLI, the app, bench, recordings and
 * exports use for "how a decode was run". Every method's output equals the model's greedy AR
 * output; the methods differ in how many tokens a forward pass accepts.
 *
 * <p>A new member (Medusa, say) must provide:
 * <ul>
 * <li>a record in this package listed in {@code permits}, whose compact constructor checks every
 *     value with {@link MethodParameter#check} (so a bad value is refused by name and limits,
 *     wherever it comes from);
 * <li>its {@link #descriptor()}: the id (the word in files, {@code --method} and {@code bench
 *     --methods}; it must never change once files carry it), label, summary and parameters with
 *     limits, defaults and descriptions; {@link #valuesInOrder()}, {@link #withValues} building it
 *     from a full set of values, and {@link #describe()};
 * <li>a default instance in {@link #defaults()} (the order is the order a person sees);
 * <li>its decoder behind the one dispatch in the engine ({@code MethodDecoders}), and, if its
 *     passes verify candidates beyond the accepted tokens, a {@code PassCandidates} per pass (see
 *     that type) so that replays draw what live runs drew.
 * </ul>
 * The JSON form is fixed here for all members: the files' {@code settings.strategy} holds
 * {@link #id()}, {@code settings.block_size} the {@value #BLOCK_SIZE} parameter (1 for methods
 * without one, as files have always said) and {@code settings.parameters} every other parameter
 * as text, a parameter at its off value left out.
 */
public sealed interface DecodeMethod permits Autoregressive, Jacobi, Lookahead, Speculative, Medusa,
        MultiBlock {
    /** The key of the parameter that files keep in {@code settings.block_size}. */
    String BLOCK_SIZE = "block_size";

    /** What kind of method this is: its id, label, summary and parameters. */
    MethodDescriptor descriptor();

    /** This instance's value of each of {@link #parameters()}, in their order (a switch: 0 or 1). */
    List<Integer> valuesInOrder();

    /** The method's word in files and on the command line: "ar", "jacobi", ... */
    default String id() {
        return descriptor().id();
    }

    /** The method's name for a person: "AR", "Jacobi", ... */
    default String label() {
        return descriptor().label();
    }

    /** One sentence on what the method does, for menus and tooltips. */
    default String summary() {
        return descriptor().summary();
    }

    /** The method's tunable parameters, in the order a person sees them. */
    default List<MethodParameter> parameters() {
        return descriptor().parameters();
    }

    /** This instance's value of each of {@link #parameters()}, by key, in the same order. */
    default Map<String, Integer> values() {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Integer> values = valuesInOrder();
        for (int i = 0; i < values.size(); i++) {
            out.put(parameters().get(i).key(), values.get(i));
        }
        return out;
    }

    /**
     * The same method with every parameter set.
     *
     * @throws IllegalArgumentException a value outside its limits (the message names it), or a key missing
     */
    DecodeMethod withValues(Map<String, Integer> values);

    /** The values for JSON output: numbers, and a switch as true or false. */
    default Map<String, Object> valuesForJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MethodParameter p : parameters()) {
            int v = values().get(p.key());
            out.put(p.key(), p.isSwitch() ? (Object) (v != 0) : (Object) v);
        }
        return out;
    }

    /** Whether a decode with this method needs a draft model beside the target. */
    default boolean usesDraftModel() {
        return false;
    }

    /** Whether a decode with this method needs Medusa heads on the model. */
    default boolean usesHeads() {
        return false;
    }

    /** The same method with some parameters changed (keys it lacks are refused). */
    default DecodeMethod with(Map<String, Integer> changed) {
        Map<String, Integer> all = new LinkedHashMap<>(values());
        changed.forEach((key, value) -> {
            if (!all.containsKey(key)) {
                throw new IllegalArgumentException(label() + " has no parameter " + key);
            }
            all.put(key, value);
        });
        return withValues(all);
    }

    /** The method and its main parameters, short enough for a lane's header: "Jacobi n = 16". */
    String describe();

    /**
     * The method as one machine-readable word list, for CSV and tables: its id and every parameter
     * not at its off value, "lookahead window=12 ngram=6 guesses=12 text_ngrams=true".
     */
    default String spec() {
        StringBuilder text = new StringBuilder(id());
        for (MethodParameter p : parameters()) {
            int v = values().get(p.key());
            if (v != p.off()) {
                text.append(' ').append(p.key()).append('=').append(p.format(v));
            }
        }
        return text.toString();
    }

    /** The parameters in short: "n=16", "W=12 N=6 G=12 +text"; "" for a method without any. */
    default String parameterText() {
        StringBuilder text = new StringBuilder();
        for (MethodParameter p : parameters()) {
            String one = p.shortText(values().get(p.key()));
            if (!one.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(one);
            }
        }
        return text.toString();
    }

    /** What files write in {@code settings.block_size}. */
    default int blockSizeInFile() {
        return values().getOrDefault(BLOCK_SIZE, 1);
    }

    /** What files write in {@code settings.parameters}: every parameter but the block size, as text. */
    default Map<String, String> fileParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (MethodParameter p : parameters()) {
            int v = values().get(p.key());
            if (!p.key().equals(BLOCK_SIZE) && v != p.off()) {
                out.put(p.key(), p.format(v));
            }
        }
        return out;
    }

    /** Every method at its defaults, in the order a person sees them. */
    static List<DecodeMethod> defaults() {
        return List.of(Jacobi.DEFAULT, Autoregressive.INSTANCE, Lookahead.DEFAULT, Speculative.DEFAULT, Medusa.DEFAULT,
                MultiBlock.DEFAULT);
    }

    /** The ids of every method, "ar, jacobi, ..." for error messages and usage lines. */
    static String ids(String separator) {
        return defaults().stream().map(DecodeMethod::id).collect(Collectors.joining(separator));
    }

    /**
     * The method with this id, at its defaults. The only place an id is compared.
     *
     * @throws IllegalArgumentException an unknown id (the message lists the known ones)
     */
    static DecodeMethod byId(String id) {
        for (DecodeMethod m : defaults()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + id + "' (use " + ids(", ") + ")");
    }

    /**
     * A method as a file wrote it. Parameters it does not know (a newer version's, or the draft
     * model's name and passes, which {@code DecodeSettings} keeps) are left to the caller; absent
     * ones take their defaults, as files written before a parameter existed need.
     *
     * @throws IllegalArgumentException an unknown id or a value outside its limits
     */
    static DecodeMethod fromFile(String id, int blockSize, Map<String, String> parameters) {
        DecodeMethod method = byId(id);
        Map<String, Integer> values = new LinkedHashMap<>(method.values());
        for (MethodParameter p : method.parameters()) {
            if (p.key().equals(BLOCK_SIZE)) {
                values.put(BLOCK_SIZE, p.check(method.label(), blockSize));
            } else if (parameters.containsKey(p.key())) {
                values.put(p.key(), p.parse(method.label(), parameters.get(p.key())));
            }
        }
        return method.withValues(values);
    }
}
