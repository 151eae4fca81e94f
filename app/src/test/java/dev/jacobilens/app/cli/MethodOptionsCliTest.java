package dev.jacobilens.app.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A method's parameters given for another method, and values outside their limits, are refused
 * by name with exit 2 before any model is loaded (the model paths here do not exist).
 */
class MethodOptionsCliTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        err.reset();
        out.reset();
        return new Cli().run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private void expectRefused(List<String> args, String... fragments) {
        assertEquals(2, run(args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        for (String f : fragments) {
            assertTrue(e.contains(f), "'" + e + "' should mention '" + f + "'");
        }
        assertFalse(e.contains("does not exist"), "refused before the model was looked for: " + e);
        assertFalse(e.matches("(?s).*\\b\\w+(Exception|Error)\\b.*"), "a class name reached the user: " + e);
    }

    private static List<String> decode(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("decode", "--model", "/no/such/model", "--prompt", "x"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void anotherMethodsParametersAreRefusedByName() {
        expectRefused(decode("--method", "ar", "--pool-ngram", "3"), "--pool-ngram is a parameter of jacobi",
                "--method ar does not take it");
        expectRefused(decode("--method", "jacobi", "--window", "8"), "--window is a parameter of lookahead",
                "its parameters: --block-size, --pool-ngram");
        expectRefused(decode("--strategy", "jacobi", "--draft", "/d"), "--draft is for a method that uses a draft",
                "speculative");
        expectRefused(decode("--method", "lookahead", "--draft-tokens", "3"), "--draft-tokens is a parameter of speculative");
        expectRefused(decode("--method", "speculative", "--no-text-ngrams"), "--no-text-ngrams is a parameter of lookahead");
        expectRefused(decode("--method", "ar", "--block-size", "8"), "--block-size is a parameter of jacobi");
        expectRefused(decode("--window", "8"), "--window is a parameter of lookahead",
                "--method jacobi (the default) does not take it");
    }

    @Test
    void valuesOutsideTheLimitsNameTheOptionAndItsLimits() {
        expectRefused(decode("--method", "lookahead", "--window", "0"), "--window", "must be 1 to 64, got 0");
        expectRefused(decode("--method", "lookahead", "--ngram", "17"), "--ngram", "must be 2 to 16, got 17");
        expectRefused(decode("--method", "jacobi", "--pool-ngram", "1"), "--pool-ngram", "0 (off) or 2 to 64");
        expectRefused(decode("--method", "jacobi", "--block-size", "0"), "--block-size", "1 to 512");
        expectRefused(decode("--method", "speculative", "--draft", "/d", "--draft-tokens", "99"), "--draft-tokens",
                "1 to 64, got 99");
        expectRefused(decode("--method", "lookahead", "--guesses", "many"), "--guesses must be an integer", "'many'");
    }

    @Test
    void unknownOrDisagreeingMethodsAreRefused() {
        expectRefused(decode("--method", "beam"), "--method: unknown method 'beam'", "jacobi, ar, lookahead, speculative");
        expectRefused(decode("--method", "ar", "--strategy", "jacobi"), "--strategy is the older name of --method");
        expectRefused(decode("--method", "speculative"), "--method speculative needs --draft DIR");
        expectRefused(List.of("bench", "--methods", "ar,beam"), "--methods: unknown method 'beam'");
        expectRefused(List.of("bench", "--methods", "ar,ar"), "--methods names ar twice");
        String problems = java.nio.file.Path.of("..", "assets", "corpus", "test.jsonl").toString();
        expectRefused(List.of("bench", "--prompts", problems, "--methods", "ar,lookahead", "--pool-ngram", "3"),
                "--pool-ngram is a parameter of jacobi", "--methods ar,lookahead does not take it");
    }

    @Test
    void theUsageListsEveryMethodAndItsOptions() {
        assertEquals(0, run("decode", "--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.contains("[--method jacobi|ar|lookahead|speculative|medusa|multiblock]"), usage);
        assertTrue(usage.contains("multiblock: [--block-size N] [--blocks K] [--spawn-percent R] [--no-recycling]"), usage);
        assertTrue(usage.contains("lookahead: [--window W] [--ngram N] [--guesses G] [--no-text-ngrams]"), usage);
        assertTrue(usage.contains("speculative: --draft DIR [--draft-tokens K]"), usage);
        assertTrue(usage.contains("medusa: [--heads FILE (default: MODEL/medusa_heads.safetensors)] [--tree-nodes"), usage);
    }
}
