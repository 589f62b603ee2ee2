package dev.gatehouse.ledger;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a Merkle leaf commits to: an event document (no payload) plus {@code payloadHash} (hex
 * SHA-256(payload_salt || UTF-8 payload), absent when the event had no payload) and {@code prevHash}
 * (hex chain hash of the previous event of the same session, absent for the first), as canonical JSON.
 * The leaf hash, SHA-256(0x00 || that JSON), is also the event's chain hash.
 */
public final class LeafHash {

    /** Floats as BigDecimal: a double would change a number's canonical form, and with it the hash. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static final HexFormat HEX = HexFormat.of();

    private LeafHash() {
    }

    /** The leaf's data: the event document with payloadHash and prevHash added, canonical JSON. */
    public static byte[] leafData(ObjectNode event, byte[] payloadHash, byte[] prevHash) {
        ObjectNode doc = event.deepCopy();
        doc.remove("payloadHash");
        doc.remove("prevHash");
        if (payloadHash != null) {
            doc.put("payloadHash", HEX.formatHex(payloadHash));
        }
        if (prevHash != null) {
            doc.put("prevHash", HEX.formatHex(prevHash));
        }
        return CanonicalJson.bytes(doc);
    }

    public static byte[] leafHash(ObjectNode event, byte[] payloadHash, byte[] prevHash) {
        return Rfc6962.leafHash(leafData(event, payloadHash, prevHash));
    }

    /** SHA-256(salt || UTF-8(payload)); the salt keeps a short payload from being guessed from its hash. */
    public static byte[] payloadHash(byte[] salt, String payload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
