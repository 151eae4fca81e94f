package dev.jacobilens.distill;

import dev.jacobilens.engine.EngineException;
import dev.jacobilens.store.CllmImport;
import dev.jacobilens.store.CllmRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of a CLLM trajectory file, held compactly for sampling during distillation: per
 * block the sequence before it (prompt and earlier fixed points), its states and labels.
 * Loaded by streaming, one record at a time.
 */
public final class TrajectoryData {
    /**
     * One block.
     *
     * @param questionLength tokens of the original prompt (the question)
     * @param prefix         prompt followed by the earlier blocks' fixed points
     * @param states         the states, the fixed point last
     * @param labels         prompt + ground-truth answer, or null
     */
    public record Block(int questionLength, int[] prefix, List<int[]> states, int[] labels) {
        public int[] fixedPoint() {
            return states.get(states.size() - 1);
        }
    }

    private final List<Block> blocks;

    private TrajectoryData(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static TrajectoryData read(Path file) throws IOException {
        List<Block> blocks = new ArrayList<>();
        CllmImport.forEachRecord(file, (CllmRecord r) -> {
            int n = r.trajectory().get(0).length;
            for (int[] state : r.trajectory()) {
                if (state.length != n) {
                    // the importer refuses these too; training on them would mix block sizes
                    throw new EngineException(file + ": record " + r.dataId() + " " + r.iterationId()
                            + " has states of different lengths (" + n + " and " + state.length + ")");
                }
            }
            if (r.trajectory().size() >= 2) {
                blocks.add(new Block(r.promptLength(), r.promptIds(), r.trajectory(), r.labelsIds()));
            }
        });
        if (blocks.isEmpty()) {
            throw new EngineException(file + ": no usable trajectories (every block needs two or more states)");
        }
        return new TrajectoryData(blocks);
    }

    public static TrajectoryData of(List<Block> blocks) {
        return new TrajectoryData(List.copyOf(blocks));
    }

    public List<Block> blocks() {
        return blocks;
    }

    public int size() {
        return blocks.size();
    }

    /** Fraction of blocks that carry ground-truth labels. */
    public boolean allLabelled() {
        return blocks.stream().allMatch(b -> b.labels() != null);
    }
}
