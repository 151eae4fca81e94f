package dev.jacobilens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** What ships under samples/ and assets/ must not name places on the machine that made it. */
class ShippedFilesTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    /** Absolute paths of this machine, and the build checkouts the assets were made in. */
    private static final List<String> MACHINE_PATHS = List.of(PROJECT.toString() + "/", "/work/", "/root/",
            "/home/", "/tmp/");

    @Test
    void noShippedFileHoldsAnAbsolutePathOfThisMachine() throws IOException {
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        for (String top : List.of("samples", "assets")) {
            try (Stream<Path> files = Files.walk(PROJECT.resolve(top))) {
                for (Path f : files.filter(Files::isRegularFile).filter(ShippedFilesTest::shipped).toList()) {
                    checked++;
                    String text = text(f);
                    for (String path : MACHINE_PATHS) {
                        if (text.contains(path)) {
                            offenders.add(PROJECT.relativize(f) + " holds " + path);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 10, "found only " + checked + " shipped files under " + PROJECT);
        assertEquals(List.of(), offenders);
    }

    /** Build output is not shipped; weights are binary numbers, not text. */
    private static boolean shipped(Path f) {
        String rel = PROJECT.relativize(f).toString().replace('\\', '/');
        return !rel.contains("/target/") && !rel.endsWith(".safetensors");
    }

    private static String text(Path f) throws IOException {
        try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                : Files.newInputStream(f)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
