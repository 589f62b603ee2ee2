package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.Rfc6962;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Roots and proofs (RFC 9162 §2.1) over an append-only list of leaf hashes. Complete subtrees
 * (power-of-two size, aligned start) never change once written, so their hashes are cached; any
 * root or proof then costs O(log n) cached lookups plus at most a few small leaf reads.
 */
public final class MerkleTree {

    /** Reads {@code count} leaf hashes starting at {@code from}, in index order. */
    @FunctionalInterface
    public interface LeafSource {
        List<byte[]> leaves(long from, int count);
    }

    /** Subtrees at most this big are hashed straight from one read of their leaves. */
    private static final int DIRECT = 256;
    /** Complete subtrees at least this big are cached: proofs then need at most 4 small leaf reads. */
    private static final int MIN_CACHED = 16;
    private static final int MAX_CACHED = 1 << 20;

    private final LeafSource source;
    private final Map<Long, byte[]> complete = new ConcurrentHashMap<>();

    public MerkleTree(LeafSource source) {
        this.source = source;
    }

    /** MTH(D[0:size]). */
    public byte[] root(long size) {
        return size == 0 ? Rfc6962.EMPTY_ROOT : hash(0, size);
    }

    /** PATH(index, D[0:size]), leaf side first. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    /** PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1). */
    public List<byte[]> consistencyProof(long m, long n) {
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("cannot prove size " + m + " against size " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m > 0 && m < n) {
            subproof(m, 0, n, true, proof);
        }
        return proof;
    }

    private void path(long index, long start, long n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        long k = Rfc6962.split(n);
        if (index - start < k) {
            path(index, start, k, out);
            out.add(hash(start + k, n - k));
        } else {
            path(index, start + k, n - k, out);
            out.add(hash(start, k));
        }
    }

    private void subproof(long m, long start, long n, boolean whole, List<byte[]> out) {
        if (m == n) {
            if (!whole) {
                out.add(hash(start, n));
            }
            return;
        }
        long k = Rfc6962.split(n);
        if (m <= k) {
            subproof(m, start, k, whole, out);
            out.add(hash(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(hash(start, k));
        }
    }

    /** MTH(D[start:start+n]). */
    byte[] hash(long start, long n) {
        boolean isComplete = Long.bitCount(n) == 1 && start % n == 0;
        if (!isComplete || n < MIN_CACHED) {
            return compute(start, n);
        }
        long key = ((long) Long.numberOfTrailingZeros(n) << 56) | (start / n);
        byte[] cached = complete.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] value = compute(start, n);
        if (complete.size() < MAX_CACHED) {
            complete.put(key, value);
        }
        return value;
    }

    private byte[] compute(long start, long n) {
        if (n <= DIRECT) {
            return hashLeaves(source.leaves(start, (int) n));
        }
        long k = Rfc6962.split(n);
        return Rfc6962.nodeHash(hash(start, k), hash(start + k, n - k));
    }

    /** MTH over an in-memory list (also used by the verifier). */
    public static byte[] hashLeaves(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return Rfc6962.EMPTY_ROOT;
        }
        return hashRange(leaves, 0, leaves.size());
    }

    private static byte[] hashRange(List<byte[]> leaves, int start, int n) {
        if (n == 1) {
            return leaves.get(start);
        }
        int k = (int) Rfc6962.split(n);
        return Rfc6962.nodeHash(hashRange(leaves, start, k), hashRange(leaves, start + k, n - k));
    }
}
