package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelInfoTest {

    @Test
    void aModelInsideTheProjectIsStoredRelativeToIt() {
        Path home = Path.of("/opt/jacobi-lens");
        assertEquals("assets/models/standard",
                ModelInfo.projectDirectory(Path.of("/opt/jacobi-lens/assets/models/standard"), home));
        assertEquals("assets/models/standard",
                ModelInfo.projectDirectory(Path.of("/opt/jacobi-lens/samples/../assets/models/standard/"), home));
    }

    @Test
    void aModelOutsideTheProjectIsStoredWithoutAPath() {
        Path home = Path.of("/opt/jacobi-lens");
        assertNull(ModelInfo.projectDirectory(Path.of("/data/models/llama"), home));
        assertNull(ModelInfo.projectDirectory(Path.of("/opt/jacobi-lens-old/assets/models/standard"), home));
        assertNull(ModelInfo.projectDirectory(home, home));
    }
}
