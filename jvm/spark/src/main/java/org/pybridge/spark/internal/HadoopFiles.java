package org.pybridge.spark.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.pybridge.nn.MultiLayerNetwork;
import scala.Option;

/**
 * Model files and small text files on any Hadoop file system ({@code file://}, {@code hdfs://},
 * {@code s3a://}...). A path without a scheme is a local file, as in Python. Writes are atomic
 * for readers: the bytes go to a hidden temporary file in the target directory, which is then
 * renamed into place.
 */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    /** Whether {@code path} names a local file (no URI scheme, or a Windows drive letter). */
    public static boolean isLocal(String path) {
        try {
            String scheme = new URI(path).getScheme();
            return scheme == null || scheme.length() == 1;
        } catch (java.net.URISyntaxException e) {
            return true;
        }
    }

    /** The Hadoop configuration of the active Spark session, or Hadoop's defaults. */
    public static Configuration configuration() {
        Option<SparkSession> s = SparkSession.getActiveSession();
        if (s.isEmpty()) {
            s = SparkSession.getDefaultSession();
        }
        return s.isDefined() ? s.get().sparkContext().hadoopConfiguration() : new Configuration();
    }

    private static Path hadoopPath(String path) {
        return isLocal(path) ? new Path(java.nio.file.Path.of(path).toAbsolutePath().toUri())
                : new Path(path);
    }

    /** Saves {@code net} as a model file at {@code path}, atomically. */
    public static void saveNetwork(MultiLayerNetwork net, String path) {
        if (isLocal(path)) {
            net.save(java.nio.file.Path.of(path));
            return;
        }
        java.nio.file.Path local = tempFile();
        try {
            net.save(local);
            Path target = hadoopPath(path);
            FileSystem fs = target.getFileSystem(configuration());
            Path temp = temporarySibling(target);
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), temp);
            moveIntoPlace(fs, temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the model file " + path + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    /** Loads a model file from {@code path}. */
    public static MultiLayerNetwork loadNetwork(String path) {
        if (isLocal(path)) {
            return MultiLayerNetwork.load(java.nio.file.Path.of(path));
        }
        java.nio.file.Path local = tempFile();
        try {
            Path source = hadoopPath(path);
            FileSystem fs = source.getFileSystem(configuration());
            fs.copyToLocalFile(false, source, new Path(local.toUri()), true);
            return MultiLayerNetwork.load(local);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the model file " + path + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code path}, atomically. */
    public static void writeText(String path, String text) {
        Path target = hadoopPath(path);
        try {
            FileSystem fs = target.getFileSystem(configuration());
            Path temp = temporarySibling(target);
            try (OutputStream out = fs.create(temp, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            moveIntoPlace(fs, temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The UTF-8 text of {@code path}. */
    public static String readText(String path) {
        Path p = hadoopPath(path);
        try (InputStream in = p.getFileSystem(configuration()).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The names of the files directly in {@code dir}; empty when it does not exist. */
    public static List<String> list(String dir) {
        Path p = hadoopPath(dir);
        List<String> names = new ArrayList<>();
        try {
            FileSystem fs = p.getFileSystem(configuration());
            if (!fs.exists(p)) {
                return names;
            }
            for (FileStatus s : fs.listStatus(p)) {
                if (s.isFile()) {
                    names.add(s.getPath().getName());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (and parents) if needed. */
    public static void mkdirs(String dir) {
        Path p = hadoopPath(dir);
        try {
            p.getFileSystem(configuration()).mkdirs(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code dir} joined with a file name, keeping the scheme. */
    public static String child(String dir, String name) {
        return new Path(hadoopPath(dir), name).toString();
    }

    private static Path temporarySibling(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    }

    private static void moveIntoPlace(FileSystem fs, Path temp, Path target) throws IOException {
        // HDFS's rename refuses an existing target: replacing one is delete + rename.
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            throw new IOException("renaming " + temp + " to " + target + " failed");
        }
    }

    private static java.nio.file.Path tempFile() {
        try {
            return Files.createTempFile("pybridge-model-", ".zip");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary file: "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the real error, if any, is already thrown.
            p.toFile().deleteOnExit();
        }
    }
}
