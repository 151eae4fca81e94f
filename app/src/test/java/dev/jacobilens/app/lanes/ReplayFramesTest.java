package dev.jacobilens.app.lanes;

import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.Fixtures;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.store.Comparison;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.RecordingFile;
import dev.jacobilens.store.RecordingFiles;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Lookahead;
import dev.jacobilens.store.method.Medusa;
import dev.jacobilens.store.method.Speculative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved and reopened comparison draws, pass by pass, exactly the frames the live run drew:
 * the lookahead window and n-grams, the speculative draft and the target's predictions, the
 * chips, the text and the counters.
 */
class ReplayFramesTest {
    @TempDir
    Path tmp;

    /** A decode as the app sees it live: its passes with the display strings each introduces, then its recording. */
    /** A live run: every pass event the lane got, the token strings new at each, and the recording. */
    record Live(List<PassEvent> events, List<Map<Integer, String>> tokens, Recording recording) {
    }

    private static Live decodeLive(LoadedModel model, DecodeMethod method) {
        return decodeLive(model, "the cat has 3 apples and 4 pears", new DecodeSettings(method, 0, 24, "cpu"), model);
    }

    /** Decodes as the app does live, keeping each pass event and the token strings it brought. */
    static Live decodeLive(LoadedModel model, String prompt, DecodeSettings settings, LoadedModel draft) {
        List<PassEvent> events = new ArrayList<>();
        List<Map<Integer, String>> tokens = new ArrayList<>();
        Map<Integer, String> known = new HashMap<>();
        Recording r = model.decode(prompt, settings, draft, event -> {
            Map<Integer, String> fresh = new HashMap<>();
            List<int[]> ids = new ArrayList<>(List.of(event.before(), event.after()));
            if (event.detail() != null) {
                event.detail().candidates().forEach(c -> ids.add(c.tokens()));
            }
            for (int[] row : ids) {
                for (int id : row) {
                    if (!known.containsKey(id)) {
                        known.put(id, model.tokenString(id));
                        fresh.put(id, model.tokenString(id));
                    }
                }
            }
            events.add(event);
            tokens.add(fresh);
        }, new Cancellation());
        return new Live(events, tokens, r);
    }

    /** Every frame the live run drew, pass after pass, equals the replay's frame of the same pass. */
    private static int assertSameFrames(Live live, Recording reopened) {
        LaneTrace replay = LaneTrace.of(reopened);
        LaneFrames replayFrames = new LaneFrames(replay, new StoreChipStates());
        LaneTrace trace = LaneTrace.live();
        int withCandidates = 0;
        for (int k = 0; k < live.events().size(); k++) {
            trace = trace.withPass(live.events().get(k), live.tokens().get(k));
            // a fresh LaneFrames per pass, as the app builds one per trace it shows
            LaneSnapshot shown = new LaneFrames(trace, new StoreChipStates()).snapshot(trace.position(k + 1));
            LaneSnapshot again = replayFrames.snapshot(replay.position(k + 1));
            String what = reopened.settings().describe() + ", pass " + (k + 2);
            assertEquals(shown.grid(), again.grid(), what);
            assertEquals(shown.gridTitle(), again.gridTitle(), what);
            assertEquals(shown.methodText(), again.methodText(), what);
            assertEquals(shown.chips(), again.chips(), what);
            assertEquals(shown.badge(), again.badge(), what);
            assertEquals(shown.generatedText(), again.generatedText(), what);
            assertEquals(shown.forwardPasses(), again.forwardPasses(), what);
            assertEquals(shown.outputTokens(), again.outputTokens(), what);
            withCandidates += live.events().get(k).detail() != null ? 1 : 0;
        }
        assertEquals(live.events().size() + 1, reopened.forwardPasses());
        return withCandidates;
    }

    @Test
    void aReopenedLookaheadAndSpeculativeComparisonDrawsTheLiveFrames() throws Exception {
        try (LoadedModel model = Models.load(Fixtures.tinyLlama(), "cpu")) {
            Live lookahead = decodeLive(model, new Lookahead(4, 3, 3, true));
            Live speculative = decodeLive(model, new Speculative(3));
            Path file = tmp.resolve("comparison.json.gz");
            RecordingFiles.write(file, new Comparison("the cat has 3 apples and 4 pears", lookahead.recording(),
                    speculative.recording(), null, null));
            RecordingFile.OfComparison read = assertInstanceOf(RecordingFile.OfComparison.class,
                    RecordingFiles.read(file));
            assertEquals(lookahead.recording(), read.comparison().standard());
            int lookaheadPasses = assertSameFrames(lookahead, read.comparison().standard());
            int speculativePasses = assertSameFrames(speculative, read.comparison().consistency());
            assertTrue(lookaheadPasses > 0 && speculativePasses > 0,
                    "the replay drew candidates: " + lookaheadPasses + " lookahead, " + speculativePasses
                            + " speculative passes");
            PassCandidates first = read.comparison().standard().passCandidates().get(0);
            assertTrue(MethodPasses.gridTitle(first).contains("lookahead window"), MethodPasses.gridTitle(first));
        }
    }

    @Test
    void aReopenedMedusaComparisonDrawsTheLiveTrees() throws Exception {
        Path dir = Fixtures.copyOfTinyLlama(tmp);
        try (LoadedModel model = Models.load(dir, "cpu")) {
            try (ai.djl.ndarray.NDManager manager = model.model().manager().newSubManager();
                 dev.jacobilens.engine.model.MedusaHeads heads = dev.jacobilens.engine.model.MedusaHeads.initialise(
                         model.model(), 3, manager)) {
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                com.fasterxml.jackson.databind.node.ObjectNode d = json.createObjectNode();
                d.putObject("base_model").put("name", model.info().name())
                        .put("weights_sha256", model.info().weightsSha256());
                var rows = d.putArray("held_out_rank_accuracy");
                for (int k = 0; k < 3; k++) {
                    rows.addArray().add(0.5).add(0.3).add(0.1);
                }
                dev.jacobilens.engine.model.MedusaHeadsFile.save(
                        dir.resolve(dev.jacobilens.engine.model.MedusaHeadsFile.DEFAULT_NAME), heads, d);
            }
            Live medusa = decodeLive(model, new Medusa(12, 0));
            Live ar = decodeLive(model, dev.jacobilens.store.method.Autoregressive.INSTANCE);
            Path file = tmp.resolve("medusa.json");
            RecordingFiles.write(file, new Comparison("the cat has 3 apples and 4 pears", medusa.recording(),
                    ar.recording(), null, null));
            RecordingFile.OfComparison read = assertInstanceOf(RecordingFile.OfComparison.class,
                    RecordingFiles.read(file));
            assertEquals(medusa.recording(), read.comparison().standard());
            assertEquals(medusa.events().size(), assertSameFrames(medusa, read.comparison().standard()),
                    "every Medusa pass drew its tree");
            assertSameFrames(ar, read.comparison().consistency());
            PassCandidates first = read.comparison().standard().passCandidates().get(0);
            assertEquals(12, first.inRole(PassCandidates.Role.TREE).size());
            assertTrue(MethodPasses.gridTitle(first).startsWith("The candidate tree"), MethodPasses.gridTitle(first));
        }
    }
}
