package dev.jacobilens.store;

/** Checks shared by the records that hold token ids. */
final class Ids {
    private Ids() {
    }

    /** Token ids index a vocabulary, so a negative one means corrupt data. */
    static void requireNonNegative(int[] ids, String what) {
        if (ids == null) {
            throw new IllegalArgumentException(what + ": ids are missing");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException(what + ": negative token id " + ids[i] + " at position " + i);
            }
        }
    }
}
