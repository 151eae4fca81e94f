package dev.jacobilens.corpus;

/**
 * One calculator step written the GSM8K way, {@code 6*4=<<6*4=24>>24}, keeping its value for the
 * next step. Results are checked here so a generator bug cannot write a wrong or fractional step.
 */
record Calc(int value, String text) {

    static Calc of(int a, char op, int b) {
        return make(a, op, b, "");
    }

    /** Money steps put the dollar sign before the annotation, as GSM8K does: {@code 6*4=$<<6*4=24>>24}. */
    static Calc money(int a, char op, int b) {
        return make(a, op, b, "$");
    }

    private static Calc make(int a, char op, int b, String unit) {
        int c = switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '/' -> {
                if (b == 0 || a % b != 0) {
                    throw new IllegalArgumentException("inexact division " + a + "/" + b);
                }
                yield a / b;
            }
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
        // Grade-school quantities never go below zero; a negative step means a sampling bug.
        if (c < 0) {
            throw new IllegalArgumentException("negative result " + a + op + b);
        }
        String expr = "" + a + op + b;
        return new Calc(c, expr + "=" + unit + "<<" + expr + "=" + c + ">>" + c);
    }
}
