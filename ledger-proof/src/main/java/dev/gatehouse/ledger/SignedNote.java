package dev.gatehouse.ledger;


import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * C2SP tlog-checkpoint bodies in C2SP signed-note envelopes, Ed25519 only. Body: origin line, decimal
 * tree size line, base64 root hash line. Note: body, blank line, then one line per signature
 * {@code — <name> <base64(keyid(4) || signature(64))>}; keyid = SHA-256(name || 0x0A || 0x01 || pubkey)[:4].
 */
public final class SignedNote {

    public static final String DASH = "\u2014 ";
    private static final byte ED25519 = 0x01;
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public record Checkpoint(String origin, long size, byte[] rootHash, String body) {
    }

    private SignedNote() {
    }

    public static String body(String origin, long size, byte[] root) {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    public static String note(String body, String name, byte[] keyId, byte[] signature) {
        byte[] sig = new byte[keyId.length + signature.length];
        System.arraycopy(keyId, 0, sig, 0, keyId.length);
        System.arraycopy(signature, 0, sig, keyId.length, signature.length);
        return body + "\n" + DASH + name + " " + Base64.getEncoder().encodeToString(sig) + "\n";
    }

    public static byte[] keyId(String name, byte[] rawPublicKey) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        data.write(0x0A);
        data.write(ED25519);
        data.writeBytes(rawPublicKey);
        return Arrays.copyOf(Rfc6962.sha256(data.toByteArray()), 4);
    }

    /** The C2SP verifier key: {@code <name>+<hex keyid>+<base64(0x01 || pubkey)>}. */
    public static String verifierKey(String name, byte[] rawPublicKey) {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(rawPublicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, rawPublicKey)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /**
     * Parses and verifies {@code note} against a verifier key; throws {@link IllegalArgumentException}
     * naming what is wrong. Signatures by other keys are ignored, as signed-note allows.
     */
    public static Checkpoint verify(String note, String verifierKey) {
        String[] vkey = verifierKey.split("\\+", 3);
        if (vkey.length != 3) {
            throw new IllegalArgumentException("malformed verifier key");
        }
        String name = vkey[0];
        byte[] typed = Base64.getDecoder().decode(vkey[2]);
        if (typed.length != 33 || typed[0] != ED25519) {
            throw new IllegalArgumentException("verifier key is not an Ed25519 key");
        }
        byte[] raw = Arrays.copyOfRange(typed, 1, 33);
        byte[] keyId = keyId(name, raw);
        int split = note.indexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("malformed note: no blank line or no final newline");
        }
        String body = note.substring(0, split + 1);
        boolean verified = false;
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                throw new IllegalArgumentException("malformed signature line");
            }
            String[] parts = line.substring(DASH.length()).split(" ");
            byte[] sig = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
            if (parts.length == 2 && parts[0].equals(name) && sig.length == 68
                    && Arrays.equals(Arrays.copyOf(sig, 4), keyId)) {
                if (!ed25519Verify(raw, body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, 68))) {
                    throw new IllegalArgumentException("bad signature by " + name);
                }
                verified = true;
            }
        }
        if (!verified) {
            throw new IllegalArgumentException("no signature by " + name);
        }
        return parse(body);
    }

    static Checkpoint parse(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\n")));
        if (lines.size() < 3) {
            throw new IllegalArgumentException("malformed checkpoint: fewer than 3 lines");
        }
        long size;
        try {
            size = Long.parseLong(lines.get(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed checkpoint: bad tree size");
        }
        byte[] root = Base64.getDecoder().decode(lines.get(2));
        if (size < 0 || root.length != 32) {
            throw new IllegalArgumentException("malformed checkpoint: bad size or root hash");
        }
        return new Checkpoint(lines.get(0), size, root, body);
    }

    public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] encoded = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    /** The raw 32-byte key from a JDK Ed25519 public key (X.509 SubjectPublicKeyInfo). */
    public static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    private static boolean ed25519Verify(byte[] raw, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(raw));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
