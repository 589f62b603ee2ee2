package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.Rfc6962;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Known answers from the RFC 6962 reference implementation (certificate-transparency test vectors). */
class Rfc6962Tests {

    private static final HexFormat HEX = HexFormat.of();
    private static final String[] INPUTS = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private final List<byte[]> leaves = new ArrayList<>();
    private final MerkleTree tree = new MerkleTree((from, count) -> leaves.subList((int) from, (int) (from + count)));

    Rfc6962Tests() {
        for (String input : INPUTS) {
            leaves.add(Rfc6962.leafHash(HEX.parseHex(input)));
        }
    }

    @Test
    void emptyTreeIsTheHashOfNothing() {
        assertThat(HEX.formatHex(Rfc6962.EMPTY_ROOT))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(tree.root(0)).isEqualTo(Rfc6962.EMPTY_ROOT);
    }

    @Test
    void rootsMatchTheReference() {
        for (int size = 1; size <= 8; size++) {
            assertThat(HEX.formatHex(tree.root(size))).as("root of %d", size).isEqualTo(ROOTS[size - 1]);
        }
    }

    @Test
    void inclusionProofsMatchTheReference() {
        assertInclusion(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertInclusion(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertInclusion(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertInclusion(1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertInclusion(0, 1);
    }

    @Test
    void consistencyProofsMatchTheReference() {
        assertConsistency(1, 1);
        assertConsistency(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertConsistency(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertConsistency(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void proofsOfLargeTreesVerifyAndTamperingIsCaught() {
        Random random = new Random(42);
        List<byte[]> big = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            big.add(Rfc6962.leafHash(("leaf-" + i).getBytes()));
        }
        MerkleTree large = new MerkleTree((from, count) -> big.subList((int) from, (int) (from + count)));
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(big.size());
            int m = 1 + random.nextInt(n);
            int index = random.nextInt(n);
            byte[] root = large.root(n);
            assertThat(root).isEqualTo(MerkleTree.hashLeaves(big.subList(0, n)));
            List<byte[]> path = large.inclusionProof(index, n);
            assertThat(Rfc6962.verifyInclusion(index, n, big.get(index), path, root)).isTrue();
            assertThat(Rfc6962.verifyInclusion(index, n, Rfc6962.leafHash(new byte[]{1}), path, root)).isFalse();
            List<byte[]> consistency = large.consistencyProof(m, n);
            assertThat(Rfc6962.verifyConsistency(m, n, large.root(m), root, consistency)).as("%d -> %d", m, n).isTrue();
            if (m < n) {
                assertThat(Rfc6962.verifyConsistency(m, n, Rfc6962.leafHash(new byte[]{2}), root, consistency)).isFalse();
            }
        }
    }

    private void assertInclusion(int index, int size, String... expected) {
        List<byte[]> path = tree.inclusionProof(index, size);
        assertThat(path.stream().map(HEX::formatHex).toList()).containsExactly(expected);
        assertThat(Rfc6962.verifyInclusion(index, size, leaves.get(index), path, HEX.parseHex(ROOTS[size - 1])))
                .isTrue();
        assertThat(Rfc6962.verifyInclusion(index, size, leaves.get((index + 1) % 8), path,
                HEX.parseHex(ROOTS[size - 1]))).isFalse();
    }

    private void assertConsistency(int m, int n, String... expected) {
        List<byte[]> proof = tree.consistencyProof(m, n);
        assertThat(proof.stream().map(HEX::formatHex).toList()).containsExactly(expected);
        assertThat(Rfc6962.verifyConsistency(m, n, HEX.parseHex(ROOTS[m - 1]), HEX.parseHex(ROOTS[n - 1]), proof))
                .isTrue();
        if (m < n) {
            assertThat(Rfc6962.verifyConsistency(m, n, HEX.parseHex(ROOTS[n - 1]), HEX.parseHex(ROOTS[n - 1]),
                    proof)).isFalse();
        }
    }
}
