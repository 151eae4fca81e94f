package dev.jacobilens.app.export;

import dev.jacobilens.app.TestRecordings;
import dev.jacobilens.app.chips.StoreChipStates;
import dev.jacobilens.app.playback.SyncMode;
import dev.jacobilens.app.playback.Timeline;
import dev.jacobilens.app.trace.LaneTrace;
import dev.jacobilens.store.Comparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameExporterTest {
    private final Comparison comparison = TestRecordings.comparison(2, 8);
    private final ExportRequest request = new ExportRequest(comparison.promptText(),
            LaneTrace.of(comparison.standard()), "standard-tiny", LaneTrace.of(comparison.consistency()), "cllm-tiny",
            SyncMode.BY_PASS, 5);
    private final FrameExporter exporter = new FrameExporter(new StoreChipStates());

    @Test
    void gifHasOneLoopingFramePerIteration(@TempDir Path dir) throws IOException {
        Path gif = dir.resolve("run.gif");
        List<Integer> progress = new ArrayList<>();
        int written = exporter.writeGif(request, gif, progress::add, () -> false);
        int expected = new Timeline(request.standard(), request.consistency(), SyncMode.BY_PASS).size();
        assertEquals(expected, written);
        assertEquals(expected, progress.size());

        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(expected, reader.getNumImages(true));
            BufferedImage first = reader.read(0);
            assertEquals(SlideRenderer.WIDTH, first.getWidth());
            assertEquals(SlideRenderer.HEIGHT, first.getHeight());
            IIOMetadataNode tree = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals("20", attribute(tree, "GraphicControlExtension", "delayTime"), "5 frames/s = 20 hundredths");
            Node loop = tree.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", loop.getAttributes().getNamedItem("applicationID").getNodeValue());
            byte[] loopCount = (byte[]) ((IIOMetadataNode) loop).getUserObject();
            assertEquals(0, loopCount[1] | loopCount[2], "loops forever");
            IIOMetadataNode last = (IIOMetadataNode) reader.getImageMetadata(expected - 1).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals(String.valueOf(FrameExporter.FINAL_FRAME_MILLIS / 10), attribute(last, "GraphicControlExtension", "delayTime"));
        }
    }

    @Test
    void pngIsASlideSizedImage(@TempDir Path dir) throws IOException {
        // Kept under target/screenshots so a person can look at the slide layout.
        Path shots = Path.of(System.getProperty("jacobilens.screenshots", dir.toString()));
        java.nio.file.Files.createDirectories(shots);
        Path png = shots.resolve("export-frame.png");
        exporter.writePng(request, 3, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(720, image.getHeight());
    }

    @Test
    void cancelledGifStopsAndSaysSo(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> exporter.writeGif(request, dir.resolve("x.gif"), n -> { }, () -> true));
        assertTrue(e.getMessage().contains("cancelled"));
    }

    private static String attribute(IIOMetadataNode tree, String node, String name) {
        return ((IIOMetadataNode) tree.getElementsByTagName(node).item(0)).getAttribute(name);
    }
}
