package dev.jacobilens.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a Hugging Face chat template with HubSpot's Jinjava, set up as transformers sets up
 * jinja2 for {@code apply_chat_template}: {@code trim_blocks} and {@code lstrip_blocks} on, its
 * {@code tojson} ({@link PythonJsonFilter}), the globals {@code raise_exception} and {@code strftime_now}, the variables {@code messages},
 * {@code add_generation_prompt}, {@code tools} (none) and the tokenizer's special tokens. Unlike
 * jinja2's default, a plain name the template uses but nobody defined is an error, not an empty
 * string ({@code is defined} tests stay allowed).
 */
final class ChatTemplateRenderer {
    private final Jinjava lenient = engine(false);
    private final Jinjava strict = engine(true);

    private static Jinjava engine(boolean failOnUnknown) {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(failOnUnknown)
                // jinja2's behaviour where Jinjava keeps its own by default: {{- -}} trims, loops
                // keep None items, lists and dicts print as Python's
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplateRenderer.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                ChatTemplateRenderer.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
        return jinjava;
    }

    /** Thrown by a template's {@code raise_exception(message)}. */
    static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }

    public static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    /** strftime's common codes, enough for the dates Llama 3 templates print. */
    public static String strftimeNow(String format) {
        String java = format.replace("%d", "dd").replace("%m", "MM").replace("%Y", "yyyy").replace("%b", "MMM")
                .replace("%B", "MMMM").replace("%H", "HH").replace("%M", "mm").replace("%S", "ss");
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern(java));
    }

    /**
     * Renders as transformers would, then checks for names the template uses that nobody
     * defined: a second, strict pass (Jinjava's fail-on-unknown-tokens) over the same template,
     * with empty lists standing in for the {@code tools} and {@code documents} that are None (and
     * empty strings for absent special tokens), since the strict pass takes a null for an unknown
     * name. Only its errors count, not its output.
     *
     * @return the rendered text
     * @throws IllegalArgumentException with the template's own words (or Jinjava's, with the line)
     */
    String render(String template, List<Map<String, Object>> messages, Map<String, Object> specialTokens) {
        Map<String, Object> context = new LinkedHashMap<>(specialTokens);
        context.put("messages", messages);
        context.put("add_generation_prompt", true);
        context.put("tools", null);
        context.put("documents", null);
        String output = run(lenient, template, context);
        Map<String, Object> checked = new LinkedHashMap<>(context);
        checked.replaceAll((name, value) -> value == null ? "" : value); // a missing bos_token is None, not unknown
        checked.put("tools", List.of());
        checked.put("documents", List.of());
        try {
            run(strict, template, checked);
        } catch (UndefinedName e) {
            throw new IllegalArgumentException("the template uses '" + e.name + "', which is not defined (a template"
                    + " is given " + String.join(", ", context.keySet()) + ")", e);
        } catch (IllegalArgumentException e) {
            // the lenient pass rendered: a strict-only failure is not the template's fault
        }
        return output;
    }

    /** An unknown plain name (not a property of a known object, not none/true/false). */
    private static final class UndefinedName extends IllegalArgumentException {
        final String name;

        UndefinedName(String name) {
            super(name);
            this.name = name;
        }
    }

    private static final java.util.regex.Pattern UNKNOWN = java.util.regex.Pattern.compile(
            "Unknown token found: ([A-Za-z_][A-Za-z0-9_]*)\\s*$");
    private static final java.util.Set<String> LITERALS = java.util.Set.of("none", "None", "true", "True", "false", "False");

    private static String run(Jinjava engine, String template, Map<String, Object> context) {
        RenderResult result;
        try {
            result = engine.renderForResult(template, context);
        } catch (TemplateRaised e) {
            throw new IllegalArgumentException("the template raised an exception: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(rootMessage(e), e);
        }
        List<String> fatal = new ArrayList<>();
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) {
                continue;
            }
            Throwable raised = error.getException();
            while (raised != null && !(raised instanceof TemplateRaised)) {
                raised = raised.getCause();
            }
            java.util.regex.Matcher unknown = UNKNOWN.matcher(String.valueOf(error.getMessage()));
            if (raised == null && unknown.find() && !LITERALS.contains(unknown.group(1))) {
                throw new UndefinedName(unknown.group(1));
            }
            fatal.add(raised != null ? "the template raised an exception: " + raised.getMessage()
                    : "line " + error.getLineno() + ": " + error.getMessage());
        }
        if (!fatal.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", fatal));
        }
        return result.getOutput();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof TemplateRaised) {
                break;
            }
            t = t.getCause();
        }
        return t instanceof TemplateRaised ? "the template raised an exception: " + t.getMessage() : String.valueOf(e.getMessage());
    }
}
