package dev.gatehouse.proxy.approval;

import dev.gatehouse.pgsql.SqlFingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** STUB (see {@link ApprovalGate}): the hash an approval is bound to. */
public final class ApprovalFingerprint {

    private ApprovalFingerprint() {
    }

    public static String sql(String connection, String statement) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(connection.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(SqlFingerprint.of(statement).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
