package dev.jacobilens.train;

/**
 * Optimiser and schedule settings of a training run.
 *
 * @param steps           optimiser steps in the whole run
 * @param learningRate    peak rate after warmup
 * @param warmupSteps     linear warmup steps
 * @param minLrFraction   the cosine decays to this fraction of the peak
 * @param weightDecay     AdamW decoupled weight decay (matrices only)
 * @param clipNorm        global gradient-norm clip (0: none)
 * @param evalEvery       evaluate every this many steps (0: only at the end)
 * @param checkpointEvery save a resumable checkpoint every this many steps (0: only at the end)
 */
public record TrainingOptions(int steps, double learningRate, int warmupSteps, double minLrFraction,
                              double weightDecay, double clipNorm, int evalEvery, int checkpointEvery) {
    public LrSchedule schedule() {
        return new LrSchedule(learningRate, warmupSteps, steps, minLrFraction);
    }
}
