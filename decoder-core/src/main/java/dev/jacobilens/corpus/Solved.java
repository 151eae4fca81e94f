package dev.jacobilens.corpus;

/**
 * A generated problem with the family that made it and the value its answer must end with, kept
 * apart from the text so tests can check the text against it.
 */
public record Solved(String family, Problem problem, int result) {}
