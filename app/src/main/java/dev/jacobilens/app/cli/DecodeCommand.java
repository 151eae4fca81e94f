package dev.jacobilens.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.LoadedModel;
import dev.jacobilens.engine.Models;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.OutputTargets;
import dev.jacobilens.store.RecordingFiles;
import dev.jacobilens.store.Totals;
import dev.jacobilens.store.cli.MethodJson;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code decode}: one greedy decode of a prompt, printed as text or JSON. */
final class DecodeCommand implements Command {
    static final String USAGE = "usage: jacobi-lens decode --model DIR --prompt TEXT [--max-new-tokens N] [--seed S]"
            + " [--device auto|cpu|gpu] [--json] [--record FILE]\n       " + MethodOptions.usage()
            + "\n       (--strategy is the older name of --method; a parameter of another method is refused)";

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "decode a prompt with AR, Jacobi, lookahead, speculative or Medusa decoding";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Set<String> valued = new HashSet<>(Set.of("model", "prompt", "max-new-tokens", "seed", "device", "record"));
        valued.addAll(MethodOptions.valued());
        Set<String> flags = new HashSet<>(Set.of("json", "help"));
        flags.addAll(MethodOptions.flags());
        Args args = new Args(argv, valued, flags);
        if (args.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        DecodeMethod method = MethodOptions.configure(args, MethodOptions.chosen(args, Jacobi.DEFAULT));
        DecodeSettings settings = new DecodeSettings(method, args.longValue("seed", 0),
                args.integer("max-new-tokens", 128, 1), args.string("device", "auto"));
        String prompt = args.required("prompt");
        String record = args.string("record", null);
        if (record != null) {
            OutputTargets.resolve(Path.of(record)); // refuse a folder, FIFO or missing folder before decoding
        }
        String draftDir = args.string(MethodOptions.DRAFT, null);
        if (method.usesDraftModel() && draftDir == null) {
            throw new Args.UsageException("--method " + method.id()
                    + " needs --draft DIR (a draft model sharing the tokenizer)");
        }
        try (LoadedModel model = Models.load(Path.of(args.required("model")), settings.device());
             LoadedModel draft = method.usesDraftModel() ? Models.load(Path.of(draftDir), settings.device()) : null) {
            String heads = args.string(MethodOptions.HEADS, null);
            if (heads != null) {
                model.useMedusaHeads(Path.of(heads));
            }
            Recording r = model.decode(prompt, settings, draft, DecodeListener.NONE, new Cancellation());
            if (record != null) {
                RecordingFiles.write(Path.of(record), r);
            }
            if (args.flag("json")) {
                out.println(new ObjectMapper().writeValueAsString(json(r)));
            } else {
                out.println(r.outputText());
            }
            return 0;
        }
    }

    static ObjectNode json(Recording r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("model", r.model().name());
        o.put("device", r.settings().device());
        o.put("method", r.settings().method().id());
        // the files' names, kept for scripts written before "method"
        o.put("strategy", r.settings().method().id());
        o.put("block_size", r.settings().method().blockSizeInFile());
        o.put("seed", r.settings().seed());
        ArrayNode prompt = o.putArray("prompt_ids");
        for (int id : r.promptIds()) {
            prompt.add(id);
        }
        ArrayNode output = o.putArray("output_ids");
        for (int id : r.outputIds()) {
            output.add(id);
        }
        o.put("output_text", r.outputText());
        o.put("stop_reason", r.stopReason().id());
        // Figures as the store defines them (Metrics): output = tokens up to and including EOS;
        // blocks, iterations and passes numbered from 1, pass 1 being the prompt pass.
        Totals totals = Metrics.totals(r);
        o.put("output_tokens", totals.outputTokens());
        o.put("forward_passes", totals.forwardPasses());
        o.put("tokens_per_pass", totals.tokensPerPass());
        o.put("iterations_per_block", totals.iterationsPerBlock());
        o.put("draft_passes", r.settings().draftPasses());
        ObjectNode parameters = o.putObject("parameters");
        MethodJson.putValues(parameters, r.settings().method());
        if (r.settings().draftModel() != null) {
            parameters.put(DecodeSettings.DRAFT_MODEL, r.settings().draftModel());
        }
        ArrayNode blocks = o.putArray("blocks");
        for (BlockTrajectory b : r.blocks()) {
            ObjectNode bo = blocks.addObject();
            bo.put("block", Metrics.blockNumber(b));
            bo.put("start", b.start());
            bo.put("size", b.size());
            bo.put("output_positions", Metrics.outputPositions(r, b));
            bo.put("iterations", b.passes());
            if (b.passes() > 0) {
                bo.put("first_pass", Metrics.passNumber(r, b, 1));
                bo.put("last_pass", Metrics.passNumber(r, b, b.passes()));
            }
            ArrayNode acc = bo.putArray("accepted_per_iteration");
            for (int a : b.acceptedPerPass()) {
                acc.add(a);
            }
        }
        double ms = r.elapsedNanos() / 1e6;
        o.put("elapsed_ms", Math.round(ms * 1000) / 1000.0);
        int outputTokens = totals.outputTokens();
        o.put("tokens_per_second", outputTokens == 0 ? 0 : Math.round(outputTokens / (ms / 1e3) * 100) / 100.0);
        o.put("tokens_per_forward", Math.round(totals.tokensPerPass() * 1000) / 1000.0);
        return o;
    }
}
