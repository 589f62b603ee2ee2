package dev.gatehouse.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proof verification. Static and dependency-free so the
 * offline verifier uses exactly the code the service does.
 */
public final class Rfc6962 {

    /** MTH({}) = SHA-256() = e3b0c442... */
    public static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private Rfc6962() {
    }

    /** leaf = SHA-256(0x00 || data) */
    public static byte[] leafHash(byte[] data) {
        MessageDigest digest = digest();
        digest.update((byte) 0x00);
        return digest.digest(data);
    }

    /** node = SHA-256(0x01 || left || right) */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = digest();
        digest.update((byte) 0x01);
        digest.update(left);
        return digest.digest(right);
    }

    public static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    /** Largest power of two strictly smaller than {@code n} (n >= 2). */
    public static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, compared with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2: whether {@code path} proves the tree of size2 extends the tree of size1. */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> path) {
        if (size1 < 0 || size2 < size1) {
            return false;
        }
        if (size1 == size2) {
            return path.isEmpty() && Arrays.equals(root1, root2);
        }
        if (size1 == 0) {
            return path.isEmpty();
        }
        if (path.isEmpty()) {
            return false;
        }
        List<byte[]> proof = path;
        if (Long.bitCount(size1) == 1) {
            proof = new java.util.ArrayList<>(path.size() + 1);
            proof.add(root1);
            proof.addAll(path);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = proof.getFirst();
        byte[] sr = proof.getFirst();
        for (byte[] c : proof.subList(1, proof.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, root1) && Arrays.equals(sr, root2);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
