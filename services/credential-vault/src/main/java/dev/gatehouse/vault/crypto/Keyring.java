package dev.gatehouse.vault.crypto;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The key-encryption keys by id, and which one is active. Built from {@link CryptoProperties}; every
 * error names the property (or file) at fault and never a key.
 */
final class Keyring {

    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SOURCES = CryptoProperties.KEY_PROPERTY + ", " + CryptoProperties.PREFIX
            + ".key-file, " + CryptoProperties.PREFIX + ".keys.<id> or " + CryptoProperties.PREFIX + ".key-dir";

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private Keyring(Map<String, SecretKeySpec> keys, String activeKeyId) {
        this.keys = Map.copyOf(keys);
        this.activeKeyId = activeKeyId;
    }

    static Keyring load(CryptoProperties properties) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        boolean single = addSingleKey(properties, keys, sources);
        properties.keys().forEach((id, value) -> add(keys, sources, id,
                CryptoProperties.PREFIX + ".keys." + id, value));
        if (properties.keyDir() != null) {
            for (Path file : keyFiles(properties.keyDir())) {
                String id = file.getFileName().toString();
                add(keys, sources, id, CryptoProperties.PREFIX + ".key-dir (file " + file + ")", read(file,
                        CryptoProperties.PREFIX + ".key-dir"));
            }
        }
        if (keys.isEmpty()) {
            throw new InvalidKeyring("no key-encryption key is configured: set " + SOURCES
                    + " to the base64 encoding of 32 random bytes (AES-256)");
        }
        return new Keyring(keys, activeKeyId(properties, keys, single));
    }

    private static boolean addSingleKey(CryptoProperties properties, Map<String, SecretKeySpec> keys,
                                        Map<String, String> sources) {
        boolean inline = properties.keyEncryptionKey() != null && !properties.keyEncryptionKey().isBlank();
        if (inline && properties.keyFile() != null) {
            throw new InvalidKeyring("set only one of " + CryptoProperties.KEY_PROPERTY + " and "
                    + CryptoProperties.PREFIX + ".key-file: both name the key " + CryptoProperties.PREFIX + ".key-id");
        }
        if (properties.keyEncryptionKey() != null && !inline) {
            throw new InvalidKeyring(CryptoProperties.KEY_PROPERTY + " is blank: it must be the base64 encoding of "
                    + "exactly 32 random bytes (AES-256)");
        }
        if (inline) {
            add(keys, sources, properties.keyId(), CryptoProperties.KEY_PROPERTY, properties.keyEncryptionKey());
        } else if (properties.keyFile() != null) {
            String property = CryptoProperties.PREFIX + ".key-file";
            add(keys, sources, properties.keyId(), property + " (" + properties.keyFile() + ")",
                    read(properties.keyFile(), property));
        }
        return inline || properties.keyFile() != null;
    }

    private static String activeKeyId(CryptoProperties properties, Map<String, SecretKeySpec> keys, boolean single) {
        String property = CryptoProperties.PREFIX + ".active-key-id";
        if (properties.activeKeyId() != null && !properties.activeKeyId().isBlank()) {
            if (!keys.containsKey(properties.activeKeyId())) {
                throw new InvalidKeyring(property + " names key '" + properties.activeKeyId()
                        + "', which is not configured (configured: " + new TreeSet<>(keys.keySet()) + ")");
            }
            return properties.activeKeyId();
        }
        if (keys.size() == 1) {
            return keys.keySet().iterator().next();
        }
        if (single) {
            // The original single-key property stays the active one until an operator says otherwise.
            return properties.keyId();
        }
        throw new InvalidKeyring(property + " must name one of the configured keys " + new TreeSet<>(keys.keySet()));
    }

    private static void add(Map<String, SecretKeySpec> keys, Map<String, String> sources, String id, String property,
                            String base64) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new InvalidKeyring(property + ": the key id must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (keys.containsKey(id)) {
            throw new InvalidKeyring(property + " and " + sources.get(id) + " both define key id '" + id + "'");
        }
        keys.put(id, decode(base64, property));
        sources.put(id, property);
    }

    private static SecretKeySpec decode(String base64, String property) {
        byte[] key = null;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException();
            }
            return new SecretKeySpec(key, "AES");
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyring(property + " must be the base64 encoding of exactly 32 random bytes (AES-256)");
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static String read(Path file, String property) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyring(property + ": cannot read key file " + file);
        }
    }

    /** Regular files only: a mounted Secret also holds {@code ..data} links and dot-directories. */
    private static List<Path> keyFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyring(CryptoProperties.PREFIX + ".key-dir: cannot list directory " + dir);
        }
    }

    SecretKeySpec key(String id) {
        return keys.get(id);
    }

    String activeKeyId() {
        return activeKeyId;
    }

    Set<String> ids() {
        return new TreeSet<>(keys.keySet());
    }
}
