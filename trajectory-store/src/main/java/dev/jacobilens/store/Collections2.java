package dev.jacobilens.store;

import java.util.List;

/** Copies that name the missing element instead of failing with a bare NullPointerException. */
final class Collections2 {
    private Collections2() {
    }

    static <T> List<T> copyNonNull(List<T> items, String what) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new IllegalArgumentException(what + " " + i + " is missing");
            }
        }
        return List.copyOf(items);
    }
}
