package dev.jacobilens.app.cli;

import dev.jacobilens.engine.model.Checkpoint;
import dev.jacobilens.engine.runtime.EngineReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code devices}: what the PyTorch engine sees, with the compute type used on each device. */
final class DevicesCommand implements Command {
    static final String USAGE = "usage: jacobi-lens [--torch PATH] devices [--model DIR]\n"
            + "  --model DIR: the compute types this checkpoint gets (default: for a float32 or float16 checkpoint)";

    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "show the PyTorch library in use and every device with its compute type";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = new Args(argv, Set.of("model"), Set.of("help"));
        if (args.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Set<String> stored = Set.of();
        String model = args.string("model", null);
        if (model != null) {
            try (Checkpoint ckpt = Checkpoint.open(Path.of(model))) {
                stored = ckpt.storedDtypes();
            }
        }
        EngineReport r = EngineReport.describe(stored);
        out.printf("DJL        %s%n", r.djlVersion());
        out.printf("libtorch   %s (%s)%n", r.torchVersion(), r.flavor());
        out.printf("library    %s%n", r.libtorchPath());
        out.printf("JNI        %s%n", r.jniLibrary());
        out.printf("source     %s%n", r.source());
        out.printf("%-8s %-48s %12s  %s%n", "device", "name", "memory", "compute dtype");
        for (EngineReport.DeviceInfo d : r.devices()) {
            String memory = d.memoryBytes() < 0 ? "unknown" : String.format("%.1f GiB", d.memoryBytes() / (double) (1L << 30));
            out.printf("%-8s %-48s %12s  %s%n", d.id(), d.name(), memory, d.dtype());
        }
        if (r.devices().size() == 1) {
            out.println("no GPU: " + (r.flavor().startsWith("cu") ? "this CUDA build of torch sees none"
                    : "this torch is a CPU build; pass --torch with a CUDA torch (see README, 'Running on a GPU')"));
        }
        return 0;
    }
}
