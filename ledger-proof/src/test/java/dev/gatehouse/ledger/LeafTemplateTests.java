package dev.gatehouse.ledger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A template's leaf hash against LeafHash's, which builds the whole document: any byte apart breaks every proof. */
class LeafTemplateTests {

    private static final long SEED = Long.getLong("gatehouse.fuzz.seed", 20_261_207L);
    /** Names around prevHash's place in the sort order, and the two the leaf itself sets. */
    private static final String[] NAMES = {"", "a", "id", "kind", "payloadHash", "pa", "prev", "prevHash", "prevHasg",
            "prevHashz", "prevhash", "protocol", "sessionId", "z", "\u00e9", "\uD83D\uDE00", "Z"};

    @Test
    void randomLeavesHashAsTheWholeDocumentDoes() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            for (int n = random.nextInt(10); n > 0; n--) {
                String name = random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)]
                        : CanonicalJsonDifferentialTests.text(random);
                event.set(name, CanonicalJsonDifferentialTests.value(random, 1));
            }
            byte[] payloadHash = random.nextBoolean() ? bytes(random) : null;
            byte[] prevHash = random.nextBoolean() ? bytes(random) : null;
            String before = event.toString();

            byte[] templated = LeafTemplate.of(event, payloadHash).leafHash(prevHash);

            assertThat(templated).as("event %d, seed %d: %s", i, SEED, event)
                    .isEqualTo(LeafHash.leafHash(event, payloadHash, prevHash));
            assertThat(event.toString()).as("the event is not changed").isEqualTo(before);
        }
    }

    @Test
    void oneTemplateServesAnyPreviousHash() {
        ObjectNode event = LeafHash.JSON.createObjectNode().put("id", "e1").put("sessionId", "s").put("seq", 2);
        byte[] payloadHash = new byte[32];
        LeafTemplate template = LeafTemplate.of(event, payloadHash);
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        second[31] = 1;

        assertThat(template.leafHash(first)).isEqualTo(LeafHash.leafHash(event, payloadHash, first))
                .isNotEqualTo(template.leafHash(second));
        assertThat(template.leafHash(second)).isEqualTo(LeafHash.leafHash(event, payloadHash, second));
        assertThat(template.leafHash(null)).isEqualTo(LeafHash.leafHash(event, payloadHash, null));
    }

    @Test
    void anEmptyEventAsTheWholeDocument() {
        ObjectNode empty = LeafHash.JSON.createObjectNode();
        byte[] hash = new byte[32];

        assertThat(LeafTemplate.of(empty, null).leafHash(null)).isEqualTo(LeafHash.leafHash(empty, null, null));
        assertThat(LeafTemplate.of(empty, null).leafHash(hash)).isEqualTo(LeafHash.leafHash(empty, null, hash));
        assertThat(LeafTemplate.of(empty, hash).leafHash(null)).isEqualTo(LeafHash.leafHash(empty, hash, null));
    }

    private static byte[] bytes(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
