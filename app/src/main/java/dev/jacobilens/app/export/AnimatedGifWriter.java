package dev.jacobilens.app.export;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an animated, endlessly looping GIF with the JDK's own GIF writer. The loop is the
 * NETSCAPE2.0 application extension, which every browser and slide tool honours; the delay
 * is each frame's graphic control extension.
 */
public final class AnimatedGifWriter implements Closeable {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final ImageWriter writer;
    private final ImageOutputStream output;
    private boolean first = true;

    public AnimatedGifWriter(Path file) throws IOException {
        writer = ImageIO.getImageWritersByFormatName("gif").next();
        Files.deleteIfExists(file);
        output = ImageIO.createImageOutputStream(file.toFile());
        if (output == null) {
            throw new IOException("cannot write " + file);
        }
        writer.setOutput(output);
        writer.prepareWriteSequence(null);
    }

    /** Appends one frame shown for {@code delayMillis} (GIF counts in hundredths, at least 2). */
    public void writeFrame(BufferedImage image, int delayMillis) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromBufferedImageType(image.getType()), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(2, Math.round(delayMillis / 10f))));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
            extension.setAttribute("applicationID", "NETSCAPE");
            extension.setAttribute("authenticationCode", "2.0");
            // Sub-block 1, then the loop count as little-endian 16 bits: 0 means forever.
            extension.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(extension);
        }
        try {
            metadata.setFromTree(FORMAT, root);
        } catch (IIOInvalidTreeException e) {
            throw new IOException("GIF metadata rejected: " + e.getMessage(), e);
        }
        writer.writeToSequence(new IIOImage(image, null, metadata), param);
        first = false;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.endWriteSequence();
        } catch (IllegalStateException noFrames) {
            // Nothing was written; closing the stream is all that is left to do.
        } finally {
            writer.dispose();
            output.close();
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
