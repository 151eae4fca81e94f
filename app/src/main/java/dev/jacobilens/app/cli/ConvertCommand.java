package dev.jacobilens.app.cli;

import dev.jacobilens.engine.model.torchbin.SafetensorsConversion;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code convert --to safetensors DIR}: a safetensors copy of a model folder's PyTorch .bin weights. */
final class ConvertCommand implements Command {
    static final String USAGE = "usage: jacobi-lens convert --to safetensors DIR\n"
            + "  writes DIR/model.safetensors from DIR/pytorch_model.bin (or model-K-of-N.safetensors shards and\n"
            + "  model.safetensors.index.json from pytorch_model.bin.index.json), keeping each tensor's dtype;\n"
            + "  the .bin files are read without running their pickles and are left in place";

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "write a safetensors copy of a model folder's PyTorch .bin weights";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(argv, Set.of("to"), Set.of("help"), 1);
        if (args.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        String to = args.required("to");
        if (!to.equals("safetensors")) {
            throw new Args.UsageException("--to must be safetensors, got '" + to + "'");
        }
        if (args.positional().size() != 1) {
            throw new Args.UsageException("convert takes one model folder, got " + args.positional().size()
                    + " arguments\n" + USAGE);
        }
        SafetensorsConversion.Result r = SafetensorsConversion.convert(Path.of(args.positional().get(0)));
        for (Path f : r.files()) {
            out.println("wrote " + f);
        }
        out.printf("%d tensors, %.1f MB of weights%n", r.tensors(), r.dataBytes() / 1e6);
        return 0;
    }
}
