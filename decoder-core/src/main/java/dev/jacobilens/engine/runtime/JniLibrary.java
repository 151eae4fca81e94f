package dev.jacobilens.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds DJL's JNI library (libdjl_torch.so) for a torch the way DJL 0.36.0's LibUtils does,
 * before the engine starts, so that a missing or mismatched one is a clear message instead of
 * a download attempt or a crash. DJL looks, in order, in the torch lib folder
 * ({@code 0.36.0-libdjl_torch.so}, then {@code libdjl_torch.so}), in its engine cache
 * ({@code pytorch/<version>-<flavor>-<classifier>/0.36.0-libdjl_torch.so}), and then in the
 * pytorch-jni jar, which only holds builds for its own torch (2.7.1: cpu and cu128).
 *
 * <p>tools/build-djl-jni writes a {@code .properties} file next to the library it installs,
 * naming the torch it was built against; a library built for another torch is refused.
 */
public final class JniLibrary {
    public static final String DJL_VERSION = "0.36.0";
    static final String NAME = "libdjl_torch.so";
    static final String BUILD_COMMAND = "tools/build-djl-jni --djl-src DIR --torch ";

    /** Where the library DJL will load comes from: a file, or the jar ("jar:" + resource). */
    public record Found(String location, boolean inJar) {
    }

    private JniLibrary() {
    }

    /**
     * @param engineCache DJL's engine cache folder (Utils.getEngineCacheDir())
     * @param classifier  DJL's platform classifier, "linux-x86_64"
     * @param loader      where to look for the pytorch-jni jar's resources
     */
    public static Found find(TorchInstall torch, Path engineCache, String classifier, ClassLoader loader) {
        List<Path> candidates = candidates(torch, engineCache, classifier);
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                checkBuiltFor(p, torch);
                return new Found(p.toString(), false);
            }
        }
        String jarJni = jarJniVersion(loader);
        String resource = "jnilib/" + classifier + "/" + torch.flavor() + "/" + NAME;
        if (jarJni != null && jarJni.startsWith(torch.version() + "-" + DJL_VERSION)
                && loader.getResource(resource) != null) {
            return new Found("jar:" + resource, true);
        }
        StringBuilder msg = new StringBuilder("no DJL JNI library (" + NAME + ") for torch " + torch.fullVersion()
                + " (" + torch.flavor() + "): looked for ");
        for (Path p : candidates) {
            msg.append(p).append(", ");
        }
        msg.append("and in the pytorch-jni jar, which holds builds for torch ")
                .append(jarJni == null ? "(no jar found)" : jarJni.split("-")[0] + " only (cpu, cu128)");
        String other = otherDjlVersions(candidates);
        if (!other.isEmpty()) {
            msg.append("; found ").append(other).append(", built for another DJL version (this app uses DJL ")
                    .append(DJL_VERSION).append(")");
        }
        msg.append(". Build one with: ").append(BUILD_COMMAND).append(torch.given())
                .append("  (DIR: a DJL source checkout at tag v").append(DJL_VERSION).append("; see README)");
        throw new TorchSetupException(msg.toString());
    }

    static List<Path> candidates(TorchInstall torch, Path engineCache, String classifier) {
        Path cacheDir = engineCache.resolve("pytorch")
                .resolve(torch.version() + "-" + torch.flavor() + "-" + classifier);
        return List.of(torch.libDir().resolve(DJL_VERSION + "-" + NAME), torch.libDir().resolve(NAME),
                cacheDir.resolve(DJL_VERSION + "-" + NAME));
    }

    /** A library from tools/build-djl-jni states its torch; it must be this one. */
    private static void checkBuiltFor(Path library, TorchInstall torch) {
        Path info = library.resolveSibling(library.getFileName() + ".properties");
        if (!Files.isRegularFile(info)) {
            return; // placed by hand or extracted by DJL: nothing to check against
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(info)) {
            p.load(r);
        } catch (IOException e) {
            throw new TorchSetupException(info + ": cannot be read (" + e.getMessage() + ")");
        }
        String builtVersion = p.getProperty("torch_version", "?");
        String builtFlavor = p.getProperty("flavor", "?");
        if (!builtVersion.equals(torch.version()) || !builtFlavor.equals(torch.flavor())) {
            throw new TorchSetupException(library + " was built for torch " + builtVersion + " (" + builtFlavor
                    + ", says " + info.getFileName() + "), but " + torch.given() + " is torch " + torch.fullVersion()
                    + " (" + torch.flavor() + "): rebuild it with " + BUILD_COMMAND + torch.given() + " --force");
        }
    }

    /** jni_version of the pytorch-jni jar, "2.7.1-0.36.0"; null without the jar. */
    static String jarJniVersion(ClassLoader loader) {
        URL url = loader.getResource("jnilib/pytorch.properties");
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        return p.getProperty("jni_version");
    }

    private static String otherDjlVersions(List<Path> candidates) {
        List<String> found = new ArrayList<>();
        for (Path dir : List.of(candidates.get(0).getParent(), candidates.get(2).getParent())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*-" + NAME)) {
                for (Path f : files) {
                    if (!f.getFileName().toString().startsWith(DJL_VERSION + "-")) {
                        found.add(f.toString());
                    }
                }
            } catch (IOException e) {
                // an unreadable folder adds nothing to the message
            }
        }
        return String.join(", ", found);
    }
}
