package dev.jacobilens.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GsmJsonlTest {
    @TempDir
    Path tmp;

    @Test
    void readsRealGsm8kAndExtractsEveryTarget() throws Exception {
        Path slice = resource("/gsm8k/test-slice.jsonl");
        List<Problem> problems = GsmJsonl.read(slice);
        List<String> lines = Files.readAllLines(slice);
        assertEquals(52, problems.size());
        assertTrue(problems.get(0).question().startsWith("Janet\u2019s ducks lay 16 eggs"));
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < problems.size(); i++) {
            String target = json.readTree(lines.get(i)).get("target").asText();
            assertEquals(Optional.of(target), Answers.extractFinal(problems.get(i).answer()), "line " + (i + 1));
        }
    }

    @Test
    void writesWhatItReads() throws IOException {
        List<Problem> problems = List.of(
                new Problem("Q with \"quotes\" and \u2019", "A 1+1=<<1+1=2>>2.\n#### 2"),
                new Problem("Second?", "#### 0"));
        Path file = tmp.resolve("p.jsonl");
        GsmJsonl.write(file, problems);
        assertEquals(problems, GsmJsonl.read(file));
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void skipsBlankLinesButCountsThemInLineNumbers() throws IOException {
        Path file = write("{\"question\":\"q\",\"answer\":\"#### 1\"}", "", "{\"question\":\"q\"}");
        MalformedJsonlException e = assertThrows(MalformedJsonlException.class, () -> GsmJsonl.read(file));
        assertEquals(file + ":3: missing field \"answer\"", e.getMessage());
    }

    @Test
    void namesFileAndLineOfBadJson() throws IOException {
        Path file = write("{\"question\":\"q\",\"answer\":\"#### 1\"}", "{\"question\": \"q\", ");
        MalformedJsonlException e = assertThrows(MalformedJsonlException.class, () -> GsmJsonl.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: not valid JSON"), e.getMessage());
    }

    @Test
    void rejectsNonObjectsAndNonStringFields() throws IOException {
        Path array = write("[1, 2]");
        assertEquals(array + ":1: expected a JSON object, found ARRAY",
                assertThrows(MalformedJsonlException.class, () -> GsmJsonl.read(array)).getMessage());
        Path number = write("{\"question\":\"q\",\"answer\":72}");
        assertEquals(number + ":1: field \"answer\" must be a string, found NUMBER",
                assertThrows(MalformedJsonlException.class, () -> GsmJsonl.read(number)).getMessage());
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(tmp, "bad", ".jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(GsmJsonlTest.class.getResource(name).toURI());
    }
}
