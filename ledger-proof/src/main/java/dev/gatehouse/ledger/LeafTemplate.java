package dev.gatehouse.ledger;

import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A leaf's canonical JSON written in advance with its one chain-dependent member, {@code prevHash}, left
 * open: {@link #leafHash} gives exactly {@link LeafHash#leafHash} of the same event, payload hash and
 * previous hash. Ingest builds these for a whole batch in parallel before it takes the append lock, so
 * what is left under the lock is one SHA-256 per event (its link to the session's previous event).
 */
public final class LeafTemplate {

    private static final String PREV_HASH = "prevHash";
    private static final byte[] PREV_MEMBER = ("\"" + PREV_HASH + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    /** "{" and the members that sort before prevHash. */
    private final byte[] head;
    /** The members that sort after prevHash, and "}". */
    private final byte[] tail;
    private final boolean headMembers;
    private final boolean tailMembers;

    private LeafTemplate(String headInner, String tailInner) {
        this.head = ("{" + headInner).getBytes(StandardCharsets.UTF_8);
        this.tail = (tailInner + "}").getBytes(StandardCharsets.UTF_8);
        this.headMembers = !headInner.isEmpty();
        this.tailMembers = !tailInner.isEmpty();
    }

    /** The template of {@code event} (not changed) with {@code payloadHash} (null: the event had no payload). */
    public static LeafTemplate of(ObjectNode event, byte[] payloadHash) {
        ObjectNode before = LeafHash.JSON.createObjectNode();
        ObjectNode after = LeafHash.JSON.createObjectNode();
        for (String name : event.propertyNames()) {
            if (name.equals(PREV_HASH) || name.equals("payloadHash")) {
                continue; // as LeafHash.leafData: the document's own copies never count
            }
            // The order CanonicalJson sorts members in: String's natural (UTF-16 code unit) order.
            (name.compareTo(PREV_HASH) < 0 ? before : after).set(name, event.get(name));
        }
        if (payloadHash != null) {
            before.put("payloadHash", HEX.formatHex(payloadHash));
        }
        return new LeafTemplate(inner(before), inner(after));
    }

    /** SHA-256(0x00 || canonical JSON of the leaf with {@code prevHash}, or without it when null). */
    public byte[] leafHash(byte[] prevHash) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x00);
        digest.update(head);
        if (prevHash != null) {
            if (headMembers) {
                digest.update((byte) ',');
            }
            digest.update(PREV_MEMBER);
            digest.update(HEX.formatHex(prevHash).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '"');
            if (tailMembers) {
                digest.update((byte) ',');
            }
        } else if (headMembers && tailMembers) {
            digest.update((byte) ',');
        }
        return digest.digest(tail);
    }

    /** The members of a canonical object without its braces. */
    private static String inner(ObjectNode members) {
        String json = CanonicalJson.string(members);
        return json.substring(1, json.length() - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
