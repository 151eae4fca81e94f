package dev.jacobilens.train;

/** Linear warmup to the peak rate, then cosine decay to {@code minFraction} of it. */
public record LrSchedule(double peak, int warmupSteps, int totalSteps, double minFraction) {

    /** The learning rate of step {@code step} (counted from 0). */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
        double min = peak * minFraction;
        return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
    }
}
