package dev.jacobilens.app.trace;

/**
 * Where a lane stands: block {@code block}, after pass {@code iteration} of it (from 1), and
 * {@code passNumber} forward passes into the decode (from 1, the prompt pass not counted).
 */
public record PassPosition(int block, int iteration, int passNumber) {
}
