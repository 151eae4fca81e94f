package dev.jacobilens.app.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --torch is taken out of the command line wherever it stands; devices lists the engine's view. */
class TorchOptionTest {
    @Test
    void torchIsTakenFromAnyPositionAndTheRestIsKept() {
        List<String> args = new ArrayList<>(List.of("decode", "--torch", "/opt/t", "--model", "m"));
        assertEquals("/opt/t", Cli.takeTorchOption(args));
        assertEquals(List.of("decode", "--model", "m"), args);

        args = new ArrayList<>(List.of("--torch=/opt/u", "devices"));
        assertEquals("/opt/u", Cli.takeTorchOption(args));
        assertEquals(List.of("devices"), args);

        args = new ArrayList<>(List.of("--torch", "/opt/v"));
        assertEquals("/opt/v", Cli.takeTorchOption(args));
        assertTrue(args.isEmpty(), "only --torch: the app opens");

        args = new ArrayList<>(List.of("inspect", "f.json"));
        assertNull(Cli.takeTorchOption(args));
        assertEquals(List.of("inspect", "f.json"), args);
    }

    @Test
    void torchWithoutAPathIsAUsageError() {
        String msg = assertThrows(Args.UsageException.class,
                () -> Cli.takeTorchOption(new ArrayList<>(List.of("decode", "--torch", "--model", "m")))).getMessage();
        assertTrue(msg.startsWith("option --torch needs a path"), msg);
        assertThrows(Args.UsageException.class, () -> Cli.takeTorchOption(new ArrayList<>(List.of("--torch"))));
        for (List<String> empty : List.of(List.of("devices", "--torch", ""), List.of("--torch=", "devices"),
                List.of("--torch", "  "))) {
            msg = assertThrows(Args.UsageException.class, () -> Cli.takeTorchOption(new ArrayList<>(empty)))
                    .getMessage();
            assertTrue(msg.contains("--torch was given an empty path"), empty + ": " + msg);
        }
    }

    @Test
    void devicesRefusesAStrayWord() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli().run(List.of("devices", "extra"), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unexpected argument 'extra'"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void devicesListsTheCpuWithFloat32() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli().run(List.of("devices"), new PrintStream(out, true), new PrintStream(err, true));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("DJL        0.36.0"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("cpu ") && l.endsWith("float32")), text);
        assertTrue(text.contains("libtorch   2.7.1 (cpu)"), text);
    }
}
