package dev.jacobilens.app.plots;

/**
 * A lane's speedup over autoregressive decoding of the same prompt by the same model.
 * Compared per generated token, so that a run cut short by EOS or cancellation is still fair.
 *
 * @param passes     AR forward passes per token divided by Jacobi passes per token
 * @param wallTime   the same ratio for wall time
 * @param device     the device the Jacobi decode ran on
 * @param arDevice   the device the AR reference ran on
 */
public record Speedup(double passes, double wallTime, String device, String arDevice) {
}
