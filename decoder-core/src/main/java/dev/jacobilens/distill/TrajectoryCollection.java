package dev.jacobilens.distill;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jacobilens.corpus.Problem;
import dev.jacobilens.corpus.Prompt;
import dev.jacobilens.corpus.PromptFiles;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.AtomicFiles;
import dev.jacobilens.store.CllmExport;
import dev.jacobilens.store.CllmRecord;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Recording;
import dev.jacobilens.train.Example;
import dev.jacobilens.train.MathExamples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Collects Jacobi trajectories of a base model on training prompts, the CLLM recipe's data step
 * ({@code data/generate_trajectory.py} in the reference), and writes them in the CLLM dataset
 * layout. Prompts are GSM8K problems or free text ({@link PromptFiles}); the teacher output is the
 * model's own greedy continuation either way. Progress is kept in {@code OUT.partial.jsonl} —
 * each prompt's records followed by a "done" line — so an interrupted run resumes where it
 * stopped and loses nothing.
 */
public final class TrajectoryCollection {
    /** Settings; see {@code bin/jacobi-lens collect --help}. */
    public record Settings(Path model, Path prompts, Path out, int blockSize, int maxNewTokens, boolean augment,
                           boolean labels, int limit, long seed, String device) {
    }

    /** What a run produced. */
    public record Summary(int prompts, int kept, int dropped, long records, long states, double seconds) {
    }

    /** Runs of a repeated n-gram this long mark a generation as degenerate. */
    static final int DEGENERATE_RUN = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrajectoryCollection() {
    }

    public static Summary run(Settings s, java.io.PrintStream log, BooleanSupplier stop) throws IOException {
        // free text (story openings) or GSM8K problems; labels need the problems' answers
        List<Prompt> problems = s.labels() ? PromptFiles.problems(s.prompts(), "--labels").stream()
                .map(p -> new Prompt(p.question(), p.answer())).toList() : PromptFiles.read(s.prompts());
        problems = problems.subList(0, Math.min(s.limit(), problems.size()));
        Path partial = s.out().resolveSibling(s.out().getFileName() + ".partial.jsonl");
        Set<Integer> done = resume(partial);
        if (!done.isEmpty()) {
            log.printf("resuming: %d prompts already collected in %s%n", done.size(), partial);
        }
        long started = System.nanoTime();
        int kept = 0;
        int dropped = 0;
        long records = 0;
        long states = 0;
        int newlyDone = 0;
        try (LoadedModel model = Models.load(s.model(), s.device());
             BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            DecodeSettings settings = new DecodeSettings(DecodeSettings.JACOBI, s.blockSize(), s.seed(),
                    s.maxNewTokens(), null);
            for (int i = 0; i < problems.size(); i++) {
                if (done.contains(i)) {
                    continue;
                }
                if (stop.getAsBoolean()) {
                    log.printf("stopped after %d prompts; run again to resume%n", done.size() + newlyDone);
                    return new Summary(problems.size(), kept, dropped, records, states, elapsed(started));
                }
                Prompt p = problems.get(i);
                DecodeSettings seeded = new DecodeSettings(settings.strategy(), settings.blockSize(), s.seed() + i,
                        settings.maxNewTokens(), null);
                Recording r = model.decode(p.text(), seeded, DecodeListener.NONE, new Cancellation());
                boolean degenerate = Degeneracy.hasLongRepeat(r.outputIds(), DEGENERATE_RUN);
                if (degenerate) {
                    dropped++;
                } else {
                    kept++;
                    int[] labels = s.labels() ? labels(model, p.problem()) : null;
                    Random rng = new Random(s.seed() * 7919 + i);
                    for (CllmRecord rec : CllmExport.records(i, r)) {
                        List<int[]> trajectory = s.augment() ? Augmentation.augment(rec.trajectory(), rng) : rec.trajectory();
                        CllmRecord out = new CllmRecord(rec.dataId(), rec.iteration(), rec.promptLength(), rec.promptIds(),
                                trajectory, rec.teacherOutputIds(), rec.completeTeacherOutputIds(), labels, 0);
                        w.write(recordLine(out));
                        w.newLine();
                        records++;
                        states += trajectory.size();
                    }
                }
                w.write("{\"done\":" + i + ",\"kept\":" + !degenerate + "}");
                w.newLine();
                w.flush();
                newlyDone++;
                if (newlyDone % 50 == 0 || done.size() + newlyDone == problems.size()) {
                    double per = elapsed(started) / newlyDone;
                    int left = problems.size() - done.size() - newlyDone;
                    log.printf("collected %d/%d prompts (%d dropped as degenerate), %d blocks; %.2f s/prompt, ETA %s%n",
                            done.size() + newlyDone, problems.size(), dropped, records, per,
                            dev.jacobilens.train.Eta.format(per * left));
                }
            }
        }
        finish(partial, s.out());
        log.printf("wrote %s%n", s.out());
        return new Summary(problems.size(), kept, dropped, records, states, elapsed(started));
    }

    private static int[] labels(LoadedModel model, Problem p) {
        Example e = MathExamples.of(p, model.tokenizer(), model.model().config().eosTokenIds().get(0));
        int[] out = Arrays.copyOf(e.prompt(), e.length());
        System.arraycopy(e.continuation(), 0, out, e.prompt().length, e.continuation().length);
        return out;
    }

    private static String recordLine(CllmRecord r) throws IOException {
        StringWriter sw = new StringWriter();
        try (JsonGenerator gen = JSON.getFactory().createGenerator(sw)) {
            CllmExport.writeRecord(gen, r);
        }
        return sw.toString();
    }

    /**
     * Keeps only the lines of prompts that were finished (their "done" line was written), so a
     * prompt interrupted half-way is collected again from scratch; returns the finished ones.
     */
    static Set<Integer> resume(Path partial) throws IOException {
        Set<Integer> done = new HashSet<>();
        if (!Files.exists(partial)) {
            return done;
        }
        List<String> lines = Files.readAllLines(partial, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("{\"done\":")) {
                done.add(JSON.readTree(line).path("done").asInt());
            }
        }
        List<String> keep = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{\"done\":")) {
                keep.add(line);
            } else if (line.startsWith("{\"data_id\":")) {
                try {
                    JsonNode n = JSON.readTree(line);
                    int id = Integer.parseInt(n.path("data_id").asText().substring("data_".length()));
                    if (done.contains(id)) {
                        keep.add(line);
                    }
                } catch (IOException | RuntimeException truncated) {
                    // a line cut off by a crash: its prompt has no "done" line and is redone
                }
            }
        }
        Path tmp = partial.resolveSibling(partial.getFileName() + ".tmp");
        Files.write(tmp, keep, StandardCharsets.UTF_8);
        Files.move(tmp, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return done;
    }

    /** Turns the progress file into the CLLM JSON list, atomically, and removes it. */
    static void finish(Path partial, Path out) throws IOException {
        AtomicFiles.write(out, stream -> {
            stream.write('[');
            boolean first = true;
            try (var lines = Files.lines(partial, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (!line.startsWith("{\"data_id\":")) {
                        continue;
                    }
                    if (!first) {
                        stream.write(",\n".getBytes(StandardCharsets.UTF_8));
                    }
                    stream.write(line.getBytes(StandardCharsets.UTF_8));
                    first = false;
                }
            }
            stream.write("]\n".getBytes(StandardCharsets.UTF_8));
        });
        Files.delete(partial);
    }

    private static double elapsed(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
