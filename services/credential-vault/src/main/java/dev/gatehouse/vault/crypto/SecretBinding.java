package dev.gatehouse.vault.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a sealed secret is bound to, authenticated as GCM associated data: the connection it belongs
 * to and everything stored in clear beside it (type, username, settings such as the target host). A
 * ciphertext copied to another connection fails to open, and so does a row whose clear-text metadata
 * was altered, e.g. to point the vault's admin login at a host an attacker controls.
 */
public record SecretBinding(String connection, String type, String username, String settings) {

    /** Length-prefixed fields: no choice of values can make two different bindings encode alike. */
    byte[] encode(String purpose, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "gatehouse-vault/v2");
        write(out, purpose);
        write(out, connection);
        for (String value : extra) {
            write(out, value);
        }
        return out.toByteArray();
    }

    byte[] secretAad() {
        return encode("secret", type, username, settings);
    }

    private static void write(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
