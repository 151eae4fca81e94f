package dev.jacobilens.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options and {@code --flag} switches, and positional words only for a
 * command that takes them (convert's folder), checked against what a command accepts so a typo
 * is an error rather than silently ignored.
 */
final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /** Thrown for bad command-line input; the CLI prints it and exits with 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    Args(List<String> args, Set<String> valued, Set<String> flags) {
        this(args, valued, flags, 0);
    }

    /** As above, accepting up to {@code maxPositional} positional words (see {@link #positional()}). */
    Args(List<String> args, Set<String> valued, Set<String> flags, int maxPositional) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name) && inline == null) {
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (inline == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        String next = args.get(i + 1);
                        if (swallowsOption(next, valued, flags)) {
                            // "--prompt --json" almost always means the value was forgotten;
                            // a value that starts with "--" can still be given as --prompt=--json.
                            throw new UsageException("option --" + name + " needs a value, but the next argument"
                                    + " is the option " + next + " (write --" + name + "=VALUE for a value that"
                                    + " starts with --)");
                        }
                        inline = args.get(++i);
                    }
                    options.put(name, inline);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.size() > maxPositional) {
            // Positional words are not options: "decode --prompt the cat" would decode "the"
            // and drop "cat", and "devices extra" would run as if nothing had been typed.
            String first = positional.get(maxPositional);
            throw new UsageException("unexpected argument '" + first + "'" + (positional.size() > maxPositional + 1
                    ? " (and " + (positional.size() - maxPositional - 1) + " more)" : "") + ": every value belongs to an option;"
                    + " quote a value with spaces, e.g. --prompt \"the cat sat\"");
        }
    }

    private static boolean swallowsOption(String next, Set<String> valued, Set<String> flags) {
        if (!next.startsWith("--")) {
            return false;
        }
        String name = next.substring(2);
        int eq = name.indexOf('=');
        if (eq >= 0) {
            name = name.substring(0, eq);
        }
        return valued.contains(name) || flags.contains(name);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("missing required option --" + name);
        }
        return v;
    }

    Path path(String name, Path fallback) {
        String v = options.get(name);
        return v == null ? fallback : Path.of(v);
    }

    int integer(String name, int fallback, int min) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new UsageException("--" + name + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    long longValue(String name, long fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    /**
     * A finite real number in [min, max]. NaN, infinities and text are refused by name: a NaN
     * learning rate would otherwise train a model of NaNs and report success.
     */
    double real(String name, double fallback, double min, double max) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        if (!Double.isFinite(d)) {
            throw new UsageException("--" + name + " must be a finite number, got '" + v + "'");
        }
        if (d < min || d > max) {
            throw new UsageException("--" + name + " must be between " + plain(min) + " and " + plain(max)
                    + ", got " + v.trim());
        }
        return d;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    String choice(String name, String fallback, String... allowed) {
        String v = options.getOrDefault(name, fallback);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException("--" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    /** The positional words, for a command built with {@code maxPositional > 0}. */
    List<String> positional() {
        return List.copyOf(positional);
    }
}
