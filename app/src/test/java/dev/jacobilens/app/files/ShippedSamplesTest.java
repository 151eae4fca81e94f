package dev.jacobilens.app.files;

import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparisons shipped in samples/recordings open without any model, and are what they claim
 * to be: the embedded standard and consistency models on the same prompt (the method comparisons
 * table1-*: two shipped models or methods on one prompt).
 */
class ShippedSamplesTest {
    private static final Path RECORDINGS = Path.of("..", "samples", "recordings");

    @Test
    void shippedComparisonsOpenAndHoldBothModels() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(RECORDINGS)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.json(\\.gz)?")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "samples/recordings should hold at least two comparisons, found " + files);
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("stories-")),
                "samples/recordings should hold a comparison of the stories pair, found " + files);
        for (Path f : files) {
            RecordingFile file = RecordingFiles.read(f);
            RecordingFile.OfComparison of = assertInstanceOf(RecordingFile.OfComparison.class, file, f.toString());
            Comparison c = of.comparison();
            if (!f.getFileName().toString().startsWith("table1-")) {
                // the pairs' comparisons (table1-*: two methods each, ShippedMethodSamplesTest)
                assertEquals("standard", c.standard().model().name(), f.toString());
                assertEquals("consistency", c.consistency().model().name(), f.toString());
            } else {
                assertTrue(Files.isRegularFile(Path.of("..").resolve(c.consistency().model().directory())
                        .resolve("config.json")), f + ": the lower lane's model ships in assets/");
            }
            assertEquals(c.standard().promptText(), c.consistency().promptText());
            // what a person reads: no raw byte tokens in the text of either lane
            assertTrue(!c.standard().outputText().contains("<0x") && !c.consistency().outputText().contains("<0x"),
                    f.toString());
            assertTrue(c.standard().forwardPasses() > 1 && c.consistency().forwardPasses() > 1);
            // the blocks' fixed points cover the whole output of each lane
            assertTrue(Metrics.totals(c.standard()).acceptedTokens() >= c.standard().outputIds().length, f.toString());
            assertTrue(Metrics.totals(c.consistency()).acceptedTokens() >= c.consistency().outputIds().length,
                    f.toString());
        }
    }
}
