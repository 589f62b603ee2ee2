package dev.gatehouse.proxy.masking.detect;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The random-looking but harmless strings real responses are full of, derived from the real files of
 * {@link RealTextCorpus} (so they are real ids of real content) or drawn from a fixed seed: git object ids
 * as {@code git ls-tree} and {@code git log} print them, SHA-256 sums, SRI hashes as in a package-lock,
 * UUIDs and trace ids in JSON logs, and base64 images (the GIFs shipped in the jars, PNGs drawn here).
 * Each sample is about {@value #LINES} lines.
 */
final class DerivedNegatives {

    private static final int LINES = 400;
    private static final HexFormat HEX = HexFormat.of();

    private DerivedNegatives() {
    }

    static List<Corpus.Sample> of(RealTextCorpus.Files files) {
        List<Corpus.Sample> samples = new ArrayList<>();
        List<String> names = files.names();
        List<byte[]> contents = files.contents();
        int n = contents.size();
        chunk(samples, "git-ls-tree", n, k -> "100644 blob " + gitBlobId(contents.get(k)) + "\t" + names.get(k));
        chunk(samples, "git-log", n, k -> "commit " + gitBlobId(contents.get(k)) + "\nAuthor: Release Bot <bot@ci.invalid>\n\n"
                + "    Update " + names.get(k) + " (" + gitBlobId(contents.get((k + 1) % n)).substring(0, 10) + ")\n");
        chunk(samples, "sha256sum", n, k -> digest("SHA-256", contents.get(k), false) + "  " + names.get(k));
        chunk(samples, "sri", n, k -> "    \"" + names.get(k) + "\": {\"integrity\": \"sha512-"
                + digest("SHA-512", contents.get(k), true) + "\", \"resolved\": \"https://registry.example.org/x/-/x-1.0."
                + k + ".tgz\"},");
        Random random = new Random(7);
        chunk(samples, "uuid-log", 20_000, k -> "{\"ts\":\"2024-05-17T10:12:" + (10 + k % 50) + "Z\",\"request_id\":\""
                + new java.util.UUID(random.nextLong(), random.nextLong()) + "\",\"trace_id\":\"" + HEX.formatHex(bytes(random, 16))
                + "\",\"span_id\":\"" + HEX.formatHex(bytes(random, 8)) + "\",\"status\":200}");
        List<byte[]> images = new ArrayList<>(files.images());
        for (int k = 0; k < 24; k++) {
            images.add(png(new Random(k), 16 + 8 * k, 12 + 6 * k));
        }
        chunk(samples, "base64-images", images.size(), k -> "<img alt=\"icon " + k + "\" src=\"data:image/"
                + (images.get(k)[0] == 'G' ? "gif" : "png") + ";base64," + Base64.getEncoder().encodeToString(images.get(k)) + "\">");
        chunk(samples, "base64-mime", images.size(), k -> Base64.getMimeEncoder().encodeToString(images.get(k)));
        return samples;
    }

    /** git's object id of a blob: SHA-1 over {@code "blob <length>\0"} and the content. */
    static String gitBlobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HEX.formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void chunk(List<Corpus.Sample> samples, String name, int count, IntFunction<String> line) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < count; k++) {
            sb.append(line.apply(k)).append('\n');
            if ((k + 1) % LINES == 0 || k == count - 1) {
                samples.add(new Corpus.Sample("derived:" + name, k / LINES + 1, Set.of(), sb.toString(), List.of()));
                sb.setLength(0);
            }
        }
    }

    private static String digest(String algorithm, byte[] content, boolean base64) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(content);
            return base64 ? Base64.getEncoder().encodeToString(d) : HEX.formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A small noisy PNG, as avatars and thumbnails inlined in JSON are. */
    private static byte[] png(Random random, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | random.nextInt(256));
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
