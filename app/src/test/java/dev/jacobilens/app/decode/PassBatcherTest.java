package dev.jacobilens.app.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PassBatcherTest {

    @Test
    void passesQueuedBeforeTheUiThreadRunsArriveAsOneBatch() {
        List<Runnable> uiQueue = new ArrayList<>();
        List<List<Integer>> batches = new ArrayList<>();
        PassBatcher<Integer> batcher = new PassBatcher<>(uiQueue::add, batches::add);
        for (int i = 0; i < 100; i++) {
            batcher.offer(i);
        }
        assertEquals(1, uiQueue.size(), "one drain scheduled, not one per pass");
        uiQueue.remove(0).run();
        assertEquals(1, batches.size());
        assertEquals(100, batches.get(0).size());

        batcher.offer(100);
        assertEquals(1, uiQueue.size(), "a new drain once the last one ran");
        batcher.flush();
        uiQueue.forEach(Runnable::run);
        assertEquals(List.of(100), batches.get(1));
        assertEquals(2, batches.size(), "empty drains deliver nothing");
    }
}
