package dev.jacobilens.app.plots;

/**
 * A lane's speedup over autoregressive decoding of the same prompt by the same model (the
 * store's {@link dev.jacobilens.store.Speedup}, per token), with the devices the panel names.
 *
 * @param passes     AR forward passes per token divided by Jacobi passes per token
 * @param wallTime   the same ratio for wall time; NaN when a run has no wall time (imported data)
 * @param device     the device the Jacobi decode ran on
 * @param arDevice   the device the AR reference ran on
 */
public record Speedup(double passes, double wallTime, String device, String arDevice) {
}
