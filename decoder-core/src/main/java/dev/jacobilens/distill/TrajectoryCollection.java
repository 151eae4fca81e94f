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
import dev.jacobilens.store.OutputFileException;
import dev.jacobilens.store.OutputLock;
import dev.jacobilens.store.OutputTargets;
import dev.jacobilens.store.CllmExport;
import dev.jacobilens.store.CllmRecord;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.store.method.Jacobi;
import dev.jacobilens.store.Recording;
import dev.jacobilens.train.Example;
import dev.jacobilens.train.MathExamples;
import dev.jacobilens.train.RunSettings;

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
    /** The first line of a progress file: the settings it was collected with. */
    static final String SETTINGS = "settings";

    private TrajectoryCollection() {
    }

    public static Summary run(Settings s, java.io.PrintStream log, BooleanSupplier stop) throws IOException {
        // free text (story openings) or GSM8K problems; labels need the problems' answers
        List<Prompt> problems = s.labels() ? PromptFiles.problems(s.prompts(), "--labels").stream()
                .map(p -> new Prompt(p.question(), p.answer())).toList() : PromptFiles.read(s.prompts());
        if (problems.isEmpty()) {
            // an empty trajectory file ("[]") would only fail later, in distill, far from its cause
            throw new dev.jacobilens.engine.EngineException(s.prompts() + ": holds no prompts (it is empty or only"
                    + " blank lines); nothing to collect");
        }
        problems = problems.subList(0, Math.min(s.limit(), problems.size()));
        dev.jacobilens.engine.ModelChecks.requireModelFolder("--model", s.model());
        dev.jacobilens.engine.ModelChecks.requirePromptsFit(s.prompts(), problems.stream().map(Prompt::text).toList(),
                "--model", s.model());
        Path partial = s.out().resolveSibling(s.out().getFileName() + ".partial.jsonl");
        OutputTargets.resolve(partial); // the progress file is appended to: a FIFO there would block
        long started = System.nanoTime();
        int kept = 0;
        int dropped = 0;
        long records = 0;
        long states = 0;
        int newlyDone = 0;
        OutputTargets.resolve(s.out()); // a folder, FIFO or missing folder is refused before any work
        try (OutputLock lock = OutputLock.acquire(s.out().resolveSibling("." + s.out().getFileName() + ".lock"),
                s.out());
             LoadedModel model = Models.load(s.model(), s.device())) {
            RunSettings runSettings = new RunSettings().put("--model (weights)", model.info().weightsSha256())
                    .putFile("--prompts", s.prompts()).put("--block-size", s.blockSize())
                    .put("--max-new-tokens", s.maxNewTokens()).put("--seed", s.seed()).put("--augment", s.augment())
                    .put("--labels", s.labels());
            Set<Integer> done = resume(partial, runSettings, s.out());
            if (!done.isEmpty()) {
                log.printf("resuming: %d prompts already collected in %s%n", done.size(), partial);
            }
            try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
                if (Files.size(partial) == 0) {
                    w.write(JSON.writeValueAsString(JSON.createObjectNode().set(SETTINGS, runSettings.toJson())));
                    w.newLine();
                }
            DecodeSettings settings = new DecodeSettings(Jacobi.of(s.blockSize()), s.seed(), s.maxNewTokens(), null);
            for (int i = 0; i < problems.size(); i++) {
                if (done.contains(i)) {
                    continue;
                }
                if (stop.getAsBoolean()) {
                    log.printf("stopped after %d prompts; run again to resume%n", done.size() + newlyDone);
                    return new Summary(problems.size(), kept, dropped, records, states, elapsed(started));
                }
                Prompt p = problems.get(i);
                DecodeSettings seeded = settings.withSeed(s.seed() + i);
                Recording r = model.decode(p.text(), seeded, DecodeListener.NONE, new Cancellation());
                if (stop.getAsBoolean() || r.stopReason() == StopReason.CANCELLED) {
                    // cut short by a stop request: this prompt is not written and is redone on resume
                    log.printf("stopped after %d prompts; run again to resume%n", done.size() + newlyDone);
                    return new Summary(problems.size(), kept, dropped, records, states, elapsed(started));
                }
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
            } catch (IOException e) {
                if (e instanceof OutputFileException) {
                    throw e;
                }
                // a full disk, say: what was flushed is kept, and a torn last line is dropped on resume
                throw new OutputFileException(partial, "writing failed (" + OutputTargets.reason(e) + "); the"
                        + " prompts finished so far are kept: free the space and run again to resume", e);
            }
            finish(partial, s.out());
        }
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
    static Set<Integer> resume(Path partial, RunSettings settings, Path out) throws IOException {
        Set<Integer> done = new HashSet<>();
        if (!Files.exists(partial)) {
            return done;
        }
        List<String> lines = CollectionProgress.readLines(partial);
        List<String> keep = new ArrayList<>();
        for (String line : lines) {
            JsonNode recorded = CollectionProgress.settingsOf(line);
            if (recorded != null) {
                settings.requireSameAs(RunSettings.fromJson(recorded), out);
            }
        }
        for (String line : lines) {
            Integer id = CollectionProgress.doneId(line); // null for a line torn by a crash or full disk
            if (id != null) {
                done.add(id);
            }
        }
        for (String line : lines) {
            if (CollectionProgress.settingsOf(line) != null || CollectionProgress.doneId(line) != null) {
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
        AtomicFiles.write(partial, stream -> {
            for (String line : keep) {
                stream.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
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
