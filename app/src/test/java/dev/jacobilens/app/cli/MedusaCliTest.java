package dev.jacobilens.app.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.TestCheckpoints;
import dev.jacobilens.engine.model.CheckpointWriter.RopeForm;
import dev.jacobilens.engine.model.MedusaHeads;
import dev.jacobilens.engine.model.MedusaHeadsFile;
import dev.jacobilens.engine.model.SafetensorsWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decode --method medusa: the heads beside the model or --heads, and every bad heads file refused with exit 2. */
class MedusaCliTest {
    @TempDir
    Path tmp;
    private Path model;
    private Path heads;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void headsForTheTinyModel() throws Exception {
        model = Fixtures.copyOfTinyLlama(tmp);
        heads = tmp.resolve("heads.safetensors");
        try (LoadedModel m = Models.load(model, "cpu"); NDManager manager = m.model().manager().newSubManager();
             MedusaHeads h = MedusaHeads.initialise(m.model(), 2, manager)) {
            ObjectNode d = new ObjectMapper().createObjectNode();
            d.putObject("base_model").put("name", m.info().name()).put("weights_sha256", m.info().weightsSha256());
            d.putArray("held_out_rank_accuracy").add(new ObjectMapper().createArrayNode().add(0.5).add(0.2))
                    .add(new ObjectMapper().createArrayNode().add(0.4).add(0.1));
            MedusaHeadsFile.save(heads, h, d);
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli().run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private String decode(String method, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("decode", "--model", model.toString(), "--prompt",
                "the cat", "--max-new-tokens", "12", "--device", "cpu", "--method", method));
        args.addAll(List.of(more));
        assertEquals(0, run(args.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private String refused(String... args) {
        assertEquals(2, run(args), out.toString(StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        return message;
    }

    @Test
    void medusaDecodesWhatArDecodes() {
        String ar = decode("ar");
        assertEquals(ar, decode("medusa", "--heads", heads.toString()));
        assertEquals(ar, decode("medusa", "--heads", heads.toString(), "--tree-nodes", "5", "--tree-depth", "1"));
    }

    @Test
    void badHeadsAndTreesAreRefusedByName() throws Exception {
        String m = model.toString();
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "medusa")
                .contains(MedusaHeadsFile.DEFAULT_NAME), "no heads beside the model");
        Path other = TestCheckpoints.write(tmp.resolve("other"), 4, 2, false, "F32", RopeForm.LEGACY, 10000, 64, 3);
        assertTrue(refused("decode", "--model", other.toString(), "--prompt", "the cat", "--method", "medusa",
                "--heads", heads.toString()).contains("trained on the model"), err.toString());
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "medusa", "--heads",
                heads.toString(), "--tree-depth", "3").contains("3 deep but there are only 2 heads"), err.toString());
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "medusa", "--heads",
                heads.toString(), "--tree-nodes", "0").contains("--tree-nodes"), err.toString());
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "ar", "--heads",
                heads.toString()).contains("--heads is for"), err.toString());

        Path json = MedusaHeadsFile.descriptionOf(heads);
        String description = Files.readString(json);
        Files.writeString(json, description.replaceAll("\"medusa_num_heads\" : 2", "\"medusa_num_heads\" : 0"));
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "medusa", "--heads",
                heads.toString()).contains("at least one head"), err.toString());
        Files.writeString(json, "{ not json");
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "medusa", "--heads",
                heads.toString()).contains("not valid JSON"), err.toString());

        Files.writeString(json, description);
        new SafetensorsWriter().add("0.0.linear.weight", new float[6], 2, 3).write(heads, "F32");
        assertTrue(refused("decode", "--model", m, "--prompt", "the cat", "--method", "medusa", "--heads",
                heads.toString()).contains("has shape [2, 3]"), err.toString());
    }
}
