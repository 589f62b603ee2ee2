package dev.gatehouse.proxy.postgres;

import com.ongres.scram.client.ScramClient;
import dev.gatehouse.model.Credential;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The lease's password as PostgreSQL asks for it: MD5 (salted hash) or SCRAM-SHA-256 (no channel binding). */
final class PasswordExchange {

    private final Credential credential;
    private ScramClient scram;

    PasswordExchange(Credential credential) {
        this.credential = credential;
    }

    ByteBuf scramStart(ByteBufAllocator alloc, ByteBuf data) {
        List<String> mechanisms = new ArrayList<>();
        ByteBuf in = data.duplicate();
        while (in.isReadable()) {
            String mechanism = PgWire.readCString(in);
            if (mechanism.isEmpty()) {
                break;
            }
            mechanisms.add(mechanism);
        }
        scram = ScramClient.builder().advertisedMechanisms(mechanisms).username("*")
                .password(credential.secret().toCharArray()).build();
        return PgWire.saslInitial(alloc, scram.getScramMechanism().getName(),
                scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8));
    }

    byte[] scramContinue(ByteBuf data) {
        try {
            scram.serverFirstMessage(data.toString(StandardCharsets.UTF_8));
            return scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("SCRAM exchange failed", e);
        }
    }

    void scramFinish(ByteBuf data) {
        try {
            scram.serverFinalMessage(data.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("the database's SCRAM signature is not valid", e);
        }
    }

    String md5(ByteBuf salt) {
        PgWire.need(salt, 4);
        byte[] saltBytes = new byte[4];
        salt.getBytes(salt.readerIndex(), saltBytes);
        String inner = hex(md5((credential.secret() + credential.username()).getBytes(StandardCharsets.UTF_8)));
        byte[] innerBytes = inner.getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[innerBytes.length + 4];
        System.arraycopy(innerBytes, 0, salted, 0, innerBytes.length);
        System.arraycopy(saltBytes, 0, salted, innerBytes.length, 4);
        return "md5" + hex(md5(salted));
    }

    private static byte[] md5(byte[] input) {
        try {
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
