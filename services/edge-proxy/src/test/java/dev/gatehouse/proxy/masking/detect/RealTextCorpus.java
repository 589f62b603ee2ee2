package dev.gatehouse.proxy.masking.detect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Real clean text as negatives, built at test time from what Maven resolved for this build, so that it
 * is the same on every machine with a JDK and Maven: every text entry (source code, XSD, properties,
 * XML, JSON, JS, docs) of every jar on the test class path, including the sources jars and the htmx
 * webjar (minified JS) declared for this purpose in the pom, in jar-name then entry-name order, each
 * distinct content once. {@link DerivedNegatives} adds what such files produce: git object ids, SHA-256
 * and SRI hashes, UUIDs, base64 images.
 */
final class RealTextCorpus {

    /** The bar: at least this much real text. */
    static final long MIN_BYTES = 10L * 1024 * 1024;
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final int MAX_FILE = 1024 * 1024;
    private static final Set<String> TEXT = Set.of("java", "kt", "groovy", "xsd", "xml", "dtd", "rnc", "properties",
            "txt", "md", "adoc", "json", "js", "css", "html", "yaml", "yml", "sql", "proto", "ftl", "conf");
    private static final Set<String> IMAGES = Set.of("gif", "png", "ico", "jpg");

    record Files(List<Corpus.Sample> texts, List<String> names, List<byte[]> contents, List<byte[]> images) {
        long bytes() {
            return contents.stream().mapToLong(c -> c.length).sum();
        }
    }

    private static Files cached;

    private RealTextCorpus() {
    }

    static synchronized Files files() {
        if (cached == null) {
            cached = read();
        }
        return cached;
    }

    private static Files read() {
        List<Corpus.Sample> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
                entries.sort(Comparator.comparing(ZipEntry::getName));
                for (ZipEntry entry : entries) {
                    String ext = extension(entry.getName());
                    if (entry.isDirectory() || entry.getSize() > MAX_FILE || total > MAX_BYTES
                            || !(TEXT.contains(ext) || IMAGES.contains(ext))) {
                        continue;
                    }
                    byte[] bytes = read(zip, entry);
                    if (!seen.add(DerivedNegatives.gitBlobId(bytes))) {
                        continue;
                    }
                    if (IMAGES.contains(ext)) {
                        images.add(bytes);
                    } else if (text(bytes)) {
                        String name = jar.getFileName() + "!/" + entry.getName();
                        texts.add(new Corpus.Sample(name, 1, Set.of(), new String(bytes, StandardCharsets.UTF_8), List.of()));
                        names.add(entry.getName());
                        contents.add(bytes);
                        total += bytes.length;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + jar, e);
            }
        }
        return new Files(texts, names, contents, images);
    }

    /** Every jar on the test class path, found through its manifest (whatever the launcher's class path looks like). */
    private static Set<Path> jars() {
        Set<Path> jars = new TreeSet<>(Comparator.comparing((Path p) -> p.getFileName().toString()).thenComparing(Path::toString));
        try {
            for (URL url : Collections.list(RealTextCorpus.class.getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
                String s = url.toString();
                if (s.startsWith("jar:file:") && s.contains("!/")) {
                    jars.add(Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/")))));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        jars.removeIf(p -> p.getFileName().toString().startsWith("surefire"));
        return jars;
    }

    private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** UTF-8 text without NUL bytes (a few resources with text extensions are binary). */
    private static boolean text(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }
}
