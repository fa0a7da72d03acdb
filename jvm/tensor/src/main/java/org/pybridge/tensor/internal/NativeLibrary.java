package org.pybridge.tensor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads pybridge's native kernels ({@code src/main/c/pbkernels.c}, compiled by the Maven build
 * with gcc and bundled in this jar), once, on first use. Every user ({@link NativeGemm},
 * {@link NativeKernels}) falls back to its Java or OpenBLAS path when they are not there: off
 * linux-x86_64, on a CPU without AVX2 and FMA, from a jar built without gcc, when the temporary
 * folder does not allow executable mappings, or with {@code -Dpybridge.native=false}.
 *
 * <pre>{@code
 * String why = NativeLibrary.problem();   // null when the kernels are loaded
 * }</pre>
 */
final class NativeLibrary {
    private static final String RESOURCE = "libpbkernels-linux-x86_64.so";
    private static final String PROBLEM = load();

    private NativeLibrary() {
    }

    /** Null when the kernels are loaded and this CPU runs them, else why not. */
    static String problem() {
        return PROBLEM;
    }

    private static String load() {
        if (!Boolean.parseBoolean(System.getProperty("pybridge.native", "true"))) {
            return "turned off by -Dpybridge.native=false";
        }
        String arch = System.getProperty("os.arch", "");
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "built for linux-x86_64 only, this is " + os + " " + arch;
        }
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return RESOURCE + " is not in the jar (built without gcc?)";
            }
            Path file = Files.createTempFile("pybridge-kernels", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                // the mapping stays valid once loaded; nothing is left in the temp folder
                Files.deleteIfExists(file);
            }
            return supported() ? null : "the CPU lacks AVX2 or FMA";
        } catch (IOException | LinkageError | SecurityException e) {
            return "could not load " + RESOURCE + ": " + e;
        }
    }

    private static native boolean supported();
}
