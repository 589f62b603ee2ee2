package dev.gatehouse.proxy.mysql.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The password proofs of MySQL's authentication plugins (the password itself never goes over the wire). */
public final class Scrambles {

    private Scrambles() {
    }

    /** mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))). */
    public static byte[] nativePassword(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        MessageDigest sha1 = digest("SHA-1");
        byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(scramble, 0, 20);
        sha1.update(stage2);
        return xor(stage1, sha1.digest());
    }

    /** caching_sha2_password: SHA256(password) XOR SHA256(SHA256(SHA256(password)) + scramble). */
    public static byte[] cachingSha2(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        MessageDigest sha256 = digest("SHA-256");
        byte[] stage1 = sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha256.digest(stage1);
        sha256.update(stage2);
        sha256.update(scramble, 0, 20);
        return xor(stage1, sha256.digest());
    }

    private static byte[] xor(byte[] one, byte[] two) {
        byte[] out = new byte[one.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (one[i] ^ two[i]);
        }
        return out;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
