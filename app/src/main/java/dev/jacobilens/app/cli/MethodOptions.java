package dev.jacobilens.app.cli;

import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.MethodParameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command-line form of {@link DecodeMethod}s: {@code --method ID} ({@code --strategy} is its
 * older name) and each method's parameters as options ({@code --window 8}, {@code --no-text-ngrams}).
 * A parameter of a method that is not run is refused by name, as is a value outside its limits,
 * so a typo or a misplaced option never silently changes nothing.
 */
final class MethodOptions {
    /** The option naming the draft model, which only methods that use one take. */
    static final String DRAFT = "draft";
    /** The option naming a Medusa heads file, which only methods that use heads take. */
    static final String HEADS = "heads";

    private MethodOptions() {
    }

    /** Options that take a value: the method's name and every method's number parameters. */
    static Set<String> valued() {
        Set<String> out = new LinkedHashSet<>(List.of("method", "strategy", DRAFT, HEADS));
        for (DecodeMethod m : DecodeMethod.defaults()) {
            for (MethodParameter p : m.parameters()) {
                if (!p.isSwitch()) {
                    out.add(p.option());
                }
            }
        }
        return out;
    }

    /** Switches: {@code --no-OPTION} for every switch parameter (all are on by default). */
    static Set<String> flags() {
        Set<String> out = new LinkedHashSet<>();
        for (DecodeMethod m : DecodeMethod.defaults()) {
            for (MethodParameter p : m.parameters()) {
                if (p.isSwitch()) {
                    out.add(switchOption(p));
                }
            }
        }
        return out;
    }

    /** The usage line's part for methods: "[--method jacobi|ar|...]" and each method's options. */
    static String usage() {
        StringBuilder sb = new StringBuilder("[--method " + DecodeMethod.ids("|") + "]");
        for (DecodeMethod m : DecodeMethod.defaults()) {
            if (!m.parameters().isEmpty() || m.usesDraftModel()) {
                sb.append("\n       ").append(m.id()).append(':');
                if (m.usesDraftModel()) {
                    sb.append(" --draft DIR");
                }
                if (m.usesHeads()) {
                    sb.append(" [--heads FILE (default: MODEL/medusa_heads.safetensors)]");
                }
                for (MethodParameter p : m.parameters()) {
                    sb.append(" [").append(optionText(p)).append(']');
                }
            }
        }
        return sb.toString();
    }

    /** The method {@code --method} (or {@code --strategy}) names, {@code fallback} when neither is given. */
    static DecodeMethod chosen(Args a, DecodeMethod fallback) {
        String method = a.string("method", null);
        String strategy = a.string("strategy", null);
        if (method != null && strategy != null && !method.equals(strategy)) {
            throw new Args.UsageException("--method " + method + " and --strategy " + strategy
                    + " disagree (--strategy is the older name of --method: give one)");
        }
        String id = method != null ? method : strategy;
        if (id == null) {
            return fallback;
        }
        try {
            return DecodeMethod.byId(id.trim());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + (method != null ? "method" : "strategy") + ": " + e.getMessage());
        }
    }

    /**
     * The methods with their parameters from the options. Each starting point gives the values of
     * options not given; an option of a method that is not among them is refused.
     */
    static List<DecodeMethod> configure(Args a, List<DecodeMethod> startingPoints) {
        refuseOthers(a, startingPoints);
        List<DecodeMethod> out = new ArrayList<>();
        for (DecodeMethod m : startingPoints) {
            Map<String, Integer> changed = new LinkedHashMap<>();
            for (MethodParameter p : m.parameters()) {
                if (p.isSwitch()) {
                    if (a.flag(switchOption(p))) {
                        changed.put(p.key(), 0);
                    }
                } else if (a.string(p.option(), null) != null) {
                    changed.put(p.key(), a.integer(p.option(), p.defaultValue(), Integer.MIN_VALUE));
                }
            }
            try {
                out.add(m.with(changed));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        return out;
    }

    /** One method configured from the options. */
    static DecodeMethod configure(Args a, DecodeMethod startingPoint) {
        return configure(a, List.of(startingPoint)).get(0);
    }

    private static void refuseOthers(Args a, List<DecodeMethod> chosen) {
        Set<String> allowed = new LinkedHashSet<>();
        boolean draft = false;
        boolean heads = false;
        for (DecodeMethod m : chosen) {
            m.parameters().forEach(p -> allowed.add(p.isSwitch() ? switchOption(p) : p.option()));
            draft |= m.usesDraftModel();
            heads |= m.usesHeads();
        }
        boolean bench = a.flag("methods") || !a.flag("method") && !a.flag("strategy") && chosen.size() > 1;
        String methods = (bench ? "--methods " : "--method ")
                + chosen.stream().map(DecodeMethod::id).collect(Collectors.joining(","))
                + (a.flag("methods") || a.flag("method") || a.flag("strategy") ? "" : " (the default)");
        if (!draft && a.string(DRAFT, null) != null) {
            throw new Args.UsageException("--draft is for a method that uses a draft model ("
                    + DecodeMethod.defaults().stream().filter(DecodeMethod::usesDraftModel).map(DecodeMethod::id)
                    .collect(Collectors.joining(", ")) + "); " + methods + " does not take it");
        }
        if (!heads && a.string(HEADS, null) != null) {
            throw new Args.UsageException("--heads is for a method that uses Medusa heads ("
                    + DecodeMethod.defaults().stream().filter(DecodeMethod::usesHeads).map(DecodeMethod::id)
                    .collect(Collectors.joining(", ")) + "); " + methods + " does not take it");
        }
        for (DecodeMethod m : DecodeMethod.defaults()) {
            for (MethodParameter p : m.parameters()) {
                String option = p.isSwitch() ? switchOption(p) : p.option();
                if (a.flag(option) && !allowed.contains(option)) {
                    throw new Args.UsageException("--" + option + " is a parameter of " + m.id() + "; "
                            + methods + " does not take it" + (allowed.isEmpty() ? ""
                            : " (its parameters: " + allowed.stream().map(o -> "--" + o)
                            .collect(Collectors.joining(", ")) + ")"));
                }
            }
        }
    }

    private static String switchOption(MethodParameter p) {
        return "no-" + p.option();
    }

    private static String optionText(MethodParameter p) {
        return p.isSwitch() ? "--" + switchOption(p) : "--" + p.option() + " "
                + (p.symbol().length() == 1 ? p.symbol().toUpperCase() : "N");
    }
}
