package dev.jacobilens.corpus;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.jacobilens.tokenizer.SpecialTokens;
import dev.jacobilens.tokenizer.TokenizerFiles;
import dev.jacobilens.tokenizer.TokenizerLoader;
import dev.jacobilens.tokenizer.Vocabulary;
import dev.jacobilens.tokenizer.WordTokenizerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code corpus --out DIR [--train N] [--test N] [--seed S] [--min-count N]}: writes the corpus,
 * builds the tokenizer from its train split into the same directory, and reports figures.
 * Exit codes: 0 done, 1 could not write or read, 2 bad arguments.
 */
public final class CorpusCommand {
    static final String USAGE =
            "usage: corpus --out DIR [--train N] [--test N] [--seed S] [--min-count N]";

    private static final List<String> FLAGS =
            List.of("--out", "--train", "--test", "--seed", "--min-count");

    private record Options(Path out, int train, int test, long seed, int minCount) {}

    /** Thrown for bad arguments; becomes exit code 2. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("corpus: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        try {
            report(options, out);
            return 0;
        } catch (IOException e) {
            err.println("corpus: " + describe(e));
            return 1;
        }
    }

    /** NIO exceptions often carry only a path as message; add what went wrong with it. */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return fs.getFile() + ": " + reason;
        }
        return e.getMessage();
    }

    private static void report(Options o, PrintStream out) throws IOException {
        if (Files.exists(o.out()) && !Files.isDirectory(o.out())) {
            throw new IOException(o.out() + ": exists and is not a directory");
        }
        Corpus corpus = Corpus.write(o.out(), o.train(), o.test(), o.seed());
        out.printf("corpus: %d train and %d test problems, seed %d, in %s%n",
                o.train(), o.test(), o.seed(), o.out());
        StringJoiner mix = new StringJoiner(", ", "families (train/test): ", "");
        for (Map.Entry<String, Map<String, Integer>> e : corpus.familyCounts().entrySet()) {
            mix.add(e.getKey() + " " + e.getValue().get("train") + "/" + e.getValue().get("test"));
        }
        out.println(mix);

        // The vocabulary comes from train only, so unknown words in test are a real finding.
        List<String> trainTexts = new ArrayList<>();
        for (Problem p : Corpus.problems(corpus.train())) {
            trainTexts.add(p.question());
            trainTexts.add(p.answer());
        }
        Vocabulary vocabulary = WordTokenizerBuilder.build(trainTexts, o.minCount(), o.out());
        out.printf("tokenizer: %d tokens in %s%n", vocabulary.size(),
                o.out().resolve(TokenizerFiles.TOKENIZER_FILE));
        try (HuggingFaceTokenizer tokenizer = TokenizerLoader.open(o.out(), false)) {
            out.println("answer tokens, train: " + answerLengths(tokenizer, corpus.train()));
            out.println("answer tokens, test: " + answerLengths(tokenizer, corpus.test()));
            out.println("unknown tokens in test: " + unknownCount(tokenizer, corpus.test()));
        }
    }

    private static LengthStats answerLengths(HuggingFaceTokenizer tokenizer, List<Solved> split) {
        int[] lengths = split.stream()
                .mapToInt(s -> tokenizer.encode(s.problem().answer()).getIds().length)
                .toArray();
        return LengthStats.of(lengths);
    }

    private static long unknownCount(HuggingFaceTokenizer tokenizer, List<Solved> split) {
        long unknown = 0;
        for (Problem p : Corpus.problems(split)) {
            for (String text : List.of(p.question(), p.answer())) {
                for (long id : tokenizer.encode(text).getIds()) {
                    unknown += id == SpecialTokens.UNK_ID ? 1 : 0;
                }
            }
        }
        return unknown;
    }

    private static Options parse(List<String> args) throws UsageException {
        Path out = null;
        int train = 4000;
        int test = 500;
        long seed = 1;
        int minCount = 1;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String flag = it.next();
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown argument '" + flag + "'");
            }
            if (!it.hasNext()) {
                throw new UsageException(flag + " needs a value");
            }
            switch (flag) {
                case "--out" -> out = Path.of(it.next());
                case "--train" -> train = positiveInt(flag, it.next());
                case "--test" -> test = positiveInt(flag, it.next());
                case "--seed" -> seed = seed(it.next());
                case "--min-count" -> minCount = positiveInt(flag, it.next());
                default -> throw new IllegalStateException("flag without a case: " + flag);
            }
        }
        if (out == null) {
            throw new UsageException("--out DIR is required");
        }
        return new Options(out, train, test, seed, minCount);
    }

    private static int positiveInt(String flag, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the flag's name
        }
        throw new UsageException(flag + " expects a positive integer, got '" + value + "'");
    }

    private static long seed(String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--seed expects an integer, got '" + value + "'");
        }
    }
}
