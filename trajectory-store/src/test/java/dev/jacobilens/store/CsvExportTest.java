package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportTest {
    @TempDir
    Path dir;

    @Test
    void onePerPassRowWithRunningTotals() throws IOException {
        StringWriter out = new StringWriter();
        CsvExport.write(out, List.of(new CsvExport.Source("a.json", "", Trajectories.jacobiRecording())));
        assertEquals(String.join("\r\n",
                "source,role,model,block,iteration,accepted,accepted_total,stationary,correct,wall_ms,"
                        + "cumulative_tokens,cumulative_passes,method",
                "a.json,,tiny,1,1,1,1,1,3,1.000,1,2,jacobi block_size=5",
                "a.json,,tiny,1,2,1,2,0,4,2.000,2,3,jacobi block_size=5",
                "a.json,,tiny,1,3,2,4,0,5,3.000,4,4,jacobi block_size=5",
                "a.json,,tiny,1,4,1,5,0,5,4.000,5,5,jacobi block_size=5",
                // block 2 accepts 5 but only 3 are output (15 16 and the EOS): 8 output tokens
                "a.json,,tiny,2,1,3,3,0,3,5.000,8,6,jacobi block_size=5",
                ""), out.toString());
    }

    @Test
    void comparisonRowsAreLabelledAndFieldsQuoted() throws IOException {
        Recording ar = Trajectories.arRecording(4);
        Recording odd = new Recording(new ModelInfo("tiny, \"v2\"", null, null, null), ar.settings(), "",
                ar.promptIds(), 0, ar.blocks(), ar.outputIds(), "", StopReason.EOS, null, 0, null);
        Path file = dir.resolve("c.json");
        RecordingFiles.write(file, new Comparison("p", ar, odd, null, null));
        Path csv = dir.resolve("out.csv");
        CsvExport.write(csv, CsvExport.sources("c.json", RecordingFiles.read(file)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of(lines.get(0),
                "c.json,standard,tiny,1,1,1,1,0,1,1.000,1,2,ar",
                "c.json,consistency,\"tiny, \"\"v2\"\"\",1,1,1,1,0,1,1.000,1,2,ar"), lines);
    }

    @Test
    void quotingFollowsRfc4180() {
        assertEquals("plain", CsvExport.quote("plain"));
        assertEquals("\"a\nb\"", CsvExport.quote("a\nb"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExport.quote("say \"hi\""));
    }
}
