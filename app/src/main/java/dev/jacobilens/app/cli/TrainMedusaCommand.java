package dev.jacobilens.app.cli;

import dev.jacobilens.engine.StopRequest;
import dev.jacobilens.engine.decode.MedusaTree;
import dev.jacobilens.engine.model.MedusaHeads;
import dev.jacobilens.train.MedusaTraining;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code train-medusa}: Medusa-1 heads for a frozen base model, self-distilled on its greedy outputs. */
final class TrainMedusaCommand implements Command {
    static final String USAGE = "usage: jacobi-lens train-medusa --model DIR --prompts FILE --out FILE.safetensors"
            + " [--heads 4] [--samples 3000] [--steps 1500] [--batch 1024] [--lr 1e-3] [--warmup 50] [--seed 1]"
            + " [--max-new-tokens 256] [--tree-nodes 32] [--device auto|cpu|gpu]\n"
            + "  --batch counts output positions per step. The targets are --model's own greedy outputs on the first --samples prompts; the next 100 prompts\n"
            + "  are held out to measure each head and build the default candidate tree of --tree-nodes nodes,\n"
            + "  stored in FILE.json beside the heads. Stopped early, it writes nothing.";

    @Override
    public String name() {
        return "train-medusa";
    }

    @Override
    public boolean stopsAtBoundaries() {
        return true;
    }

    @Override
    public String summary() {
        return "train Medusa heads on a frozen model's own greedy outputs";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("model", "prompts", "out", "heads", "samples", "steps", "batch", "lr", "warmup",
                "seed", "max-new-tokens", "tree-nodes", "device"), Set.of("help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        int heads = a.integer("heads", 4, 1);
        if (heads > MedusaHeads.MAX_HEADS) {
            throw new Args.UsageException("option --heads must be at most " + MedusaHeads.MAX_HEADS + ", got " + heads);
        }
        int treeNodes = a.integer("tree-nodes", 32, 1);
        if (treeNodes >= MedusaTree.MAX_NODES) {
            throw new Args.UsageException("option --tree-nodes must be below " + MedusaTree.MAX_NODES + ", got "
                    + treeNodes);
        }
        int steps = a.integer("steps", 1500, 1);
        MedusaTraining.Settings s = new MedusaTraining.Settings(Path.of(a.required("model")),
                Path.of(a.required("prompts")), Path.of(a.required("out")), heads, a.integer("samples", 3000, 1), steps,
                a.integer("batch", 1024, 1), a.real("lr", 1e-3, 0, 1), a.integer("warmup", Math.min(50, steps / 10), 0),
                a.longValue("seed", 1), a.integer("max-new-tokens", 256, 1), treeNodes, a.string("device", "auto"));
        MedusaTraining.run(s, out, StopRequest::isRequested);
        return 0;
    }
}
