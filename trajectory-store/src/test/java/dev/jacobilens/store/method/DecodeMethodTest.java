package dev.jacobilens.store.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The method type owns its ids, parameters, limits and file form. */
class DecodeMethodTest {
    @Test
    void everyMethodIsFoundByItsIdAndKeepsItsValues() {
        Set<String> ids = new HashSet<>();
        for (DecodeMethod m : DecodeMethod.defaults()) {
            assertTrue(ids.add(m.id()), "ids are unique");
            assertEquals(m, DecodeMethod.byId(m.id()));
            assertEquals(m, m.withValues(m.values()));
            assertEquals(m.parameters().size(), m.values().size(), m.id());
            for (MethodParameter p : m.parameters()) {
                assertTrue(p.allows(p.defaultValue()) && m.values().get(p.key()) == p.defaultValue(), p.key());
                assertTrue(!p.description().isBlank(), p.key());
            }
        }
        assertEquals("jacobi, ar, lookahead, speculative, medusa, multiblock", DecodeMethod.ids(", "));
    }

    @Test
    void valuesOutsideTheLimitsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lookahead.DEFAULT.with(Map.of("window", 0)));
        assertEquals("lookahead Window W (--window) must be 1 to 64, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Jacobi(16, 1));
        assertEquals("Jacobi Pool n-gram (--pool-ngram) must be 0 (off) or 2 to 64, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Speculative(65));
        assertTrue(e.getMessage().contains("--draft-tokens") && e.getMessage().contains("1 to 64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Jacobi.DEFAULT.with(Map.of("window", 3)));
        assertTrue(e.getMessage().contains("no parameter window"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecodeMethod.byId("strategy"));
        assertTrue(e.getMessage().contains("use jacobi, ar, lookahead, speculative, medusa, multiblock"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Medusa(0, 0));
        assertEquals("medusa Tree nodes (--tree-nodes) must be 1 to 255, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Medusa.DEFAULT.with(Map.of("tree_depth", 17)));
        assertEquals("medusa Tree depth (--tree-depth) must be 0 (off) or 1 to 16, got 17", e.getMessage());
    }

    @Test
    void theFileFormKeepsTheOldLayout() {
        assertEquals(16, Jacobi.DEFAULT.blockSizeInFile());
        assertEquals(1, Lookahead.DEFAULT.blockSizeInFile());
        assertEquals(Map.of(), Jacobi.DEFAULT.fileParameters(), "the pool at its off value is left out");
        assertEquals(Map.of("window", "12", "ngram", "6", "guesses", "12", "text_ngrams", "true"),
                Lookahead.DEFAULT.fileParameters());
        assertEquals(new Lookahead(8, 6, 8, false), DecodeMethod.fromFile("lookahead", 1,
                Map.of("window", "8", "ngram", "6", "guesses", "8", "text_ngrams", "false", "future", "x")));
        assertEquals(new Jacobi(5, 0), DecodeMethod.fromFile("jacobi", 5, Map.of()));
        assertEquals(Autoregressive.INSTANCE, DecodeMethod.fromFile("ar", 1, Map.of()));
        assertEquals(Map.of("tree_nodes", "48", "tree_depth", "3"), new Medusa(48, 3).fileParameters());
        assertEquals(new Medusa(48, 0), DecodeMethod.fromFile("medusa", 1, Map.of("tree_nodes", "48")));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeMethod.fromFile("lookahead", 1, Map.of("text_ngrams", "yes")));
    }

    @Test
    void multiBlockKeepsItsParametersInFilesAndRefusesBadOnes() {
        MultiBlock m = new MultiBlock(8, 3, 25, false, 5, 2);
        assertEquals(8, m.blockSizeInFile());
        assertEquals(Map.of("blocks", "3", "spawn_percent", "25", "recycling", "false", "recycle_ngram", "5",
                "recycle_candidates", "2"), m.fileParameters());
        assertEquals(m, DecodeMethod.fromFile("multiblock", 8, m.fileParameters()));
        assertEquals(MultiBlock.DEFAULT, DecodeMethod.fromFile("multiblock", 16, Map.of()));
        assertEquals(2, m.spawnThreshold(), "25% of 8");
        assertEquals(0, new MultiBlock(8, 3, 0, true, 4, 4).spawnThreshold());
        assertEquals(16, ((MultiBlock) MultiBlock.DEFAULT.with(Map.of("spawn_percent", 100))).spawnThreshold());
        assertEquals("n=8 K=3 r=25", m.parameterText(), "no pool figures when recycling is off");
        assertEquals("n=16 K=3 r=0 +recycle N=4 G=4", MultiBlock.DEFAULT.parameterText());
        assertEquals("multiblock block_size=8 blocks=3 spawn_percent=25 recycling=false recycle_ngram=5"
                + " recycle_candidates=2", m.spec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiBlock.DEFAULT.with(Map.of("blocks", 0)));
        assertEquals("multi-block Blocks in flight K (--blocks) must be 1 to 16, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecodeMethod.fromFile("multiblock", 16,
                Map.of("spawn_percent", "150")));
        assertTrue(e.getMessage().contains("--spawn-percent") && e.getMessage().contains("0 to 100"), e.getMessage());
    }
}
