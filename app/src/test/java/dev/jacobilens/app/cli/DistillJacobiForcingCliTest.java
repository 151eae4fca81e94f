package dev.jacobilens.app.cli;

import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.train.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code distill --objective jacobi-forcing} on the command line: a schedule that does not parse, its
 * options without the objective, and a resume with other objective settings are each one line on
 * stderr naming the option, exit code 2, and the checkpoint as it was.
 */
class DistillJacobiForcingCliTest {
    @TempDir
    Path tmp;

    private final CliRun cli = new CliRun();

    private static List<String> distill(String... more) {
        List<String> a = new ArrayList<>(List.of("distill", "--model", "m", "--trajectories", "t", "--out", "o"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void badScheduleTextAndStrayOptionsAreRefusedByName() {
        cli.expectRefused(distill("--objective", "jacobi-forcing", "--noise-schedule", "linear:0.1-2"), "--noise-schedule",
                "'linear:0.1-2'", "between 0 and 1");
        cli.expectRefused(distill("--objective", "jacobi-forcing", "--noise-schedule", "cosine"), "--noise-schedule",
                "does not parse", "linear:A-B");
        cli.expectRefused(distill("--objective", "jacobi-forcing", "--noise-schedule", "0.2,,0.4"), "--noise-schedule",
                "empty entry");
        cli.expectRefused(distill("--objective", "jacobi-forcing", "--packed-blocks", "0"), "--packed-blocks",
                "at least 1");
        cli.expectRefused(distill("--noise-schedule", "linear:0-1"), "add --objective jacobi-forcing");
        cli.expectRefused(distill("--packed-blocks", "4"), "add --objective jacobi-forcing");
        cli.expectRefused(distill("--context", "noisy"), "add --objective jacobi-forcing");
        cli.expectRefused(distill("--objective", "jacobi-forcing", "--context", "dirty"),
                "--context must be one of clean, noisy");
        cli.expectRefused(distill("--objective", "forcing"), "--objective must be one of consistency, jacobi-forcing");
        cli.expectRefused(distill("--objective", "jacobi-forcing", "--use-labels"), "--use-labels");
    }

    @Test
    void aResumeWithAnotherScheduleIsRefusedAndTheCheckpointKept() throws Exception {
        Path base = TestCheckpoints.write(tmp.resolve("base"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 128, 11);
        Path prompts = Files.writeString(tmp.resolve("prompts.txt"), "the cat sat\nanna gives coins to ben\n");
        Path trajectories = tmp.resolve("trajectories.json");
        assertEquals(0, cli.run(List.of("collect", "--model", base.toString(), "--prompts", prompts.toString(), "--out",
                trajectories.toString(), "--block-size", "8", "--max-new-tokens", "24", "--device", "cpu")), cli.err());
        Path o = tmp.resolve("jf");
        List<String> common = List.of("distill", "--model", base.toString(), "--trajectories", trajectories.toString(),
                "--out", o.toString(), "--steps", "4", "--batch", "2", "--warmup", "1", "--eval-every", "0",
                "--device", "cpu", "--objective", "jacobi-forcing", "--packed-blocks", "3");
        List<String> first = new ArrayList<>(common);
        first.addAll(List.of("--noise-schedule", "linear:0-1"));
        assertEquals(0, cli.run(first), cli.err());
        assertTrue(cli.out().contains("noise schedule linear:0-1"), cli.out());
        Map<String, String> before = contents(o);

        List<String> other = new ArrayList<>(common);
        other.addAll(List.of("--noise-schedule", "0.5", "--resume"));
        cli.expectRefused(other, "--noise-schedule linear:0-1 then, 0.5 now", "resume with the same settings");
        List<String> consistency = new ArrayList<>(common.subList(0, common.size() - 4));
        consistency.add("--resume");
        cli.expectRefused(consistency, "--objective jacobi-forcing then, consistency now");
        assertEquals(before, contents(o));
    }

    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(".jacobi-lens.lock"))::iterator) {
                out.put(dir.relativize(f).toString(), RunSettings.sha256(f) + " " + Files.getLastModifiedTime(f));
            }
        }
        return out;
    }
}
