package dev.gatehouse.proxy.git;

import dev.gatehouse.model.GitRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PktLineCommandsTests {

    static final String ZERO = "0".repeat(40);
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C256 = "c".repeat(64);
    static final String PACK = "PACK\0\0\0\2junk that is not pkt-lines";

    @Test
    void readsTheFirstCommandWithCapabilitiesAndTheOnesAfterIt() throws Exception {
        byte[] body = body(pkt(A + " " + B + " refs/heads/main\0report-status side-band-64k agent=git/2.39"),
                pkt(ZERO + " " + A + " refs/heads/feature\n"), pkt(B + " " + ZERO + " refs/tags/v1"), "0000", PACK);

        assertThat(PktLineCommands.parse(body)).containsExactly(
                new GitRefUpdate("refs/heads/main", A, B),
                new GitRefUpdate("refs/heads/feature", ZERO, A),
                new GitRefUpdate("refs/tags/v1", B, ZERO));
    }

    @Test
    void tellsCreateUpdateAndDeleteApart() throws Exception {
        List<GitRefUpdate> updates = PktLineCommands.parse(body(pkt(ZERO + " " + A + " refs/heads/new\0report-status"),
                pkt(A + " " + B + " refs/heads/moved"), pkt(B + " " + ZERO + " refs/heads/gone"), "0000"));

        assertThat(updates).extracting(GitRefUpdate::action).containsExactly(
                GitRefUpdate.Action.CREATE, GitRefUpdate.Action.UPDATE, GitRefUpdate.Action.DELETE);
    }

    @Test
    void readsSha256ObjectIdsWhenTheObjectFormatSaysSo() throws Exception {
        String zero = "0".repeat(64);
        byte[] body = body(pkt(zero + " " + C256 + " refs/heads/main\0report-status object-format=sha256\n"), "0000");

        assertThat(PktLineCommands.parse(body)).containsExactly(new GitRefUpdate("refs/heads/main", zero, C256));
    }

    @Test
    void skipsShallowLinesAndAcceptsAProbeWithoutCommands() throws Exception {
        assertThat(PktLineCommands.parse(body(pkt("shallow " + A), pkt(ZERO + " " + B + " refs/heads/x\0"), "0000")))
                .containsExactly(new GitRefUpdate("refs/heads/x", ZERO, B));
        assertThat(PktLineCommands.parse(body("0000"))).isEmpty();
    }

    @Test
    void readsTheCommandsOfASignedPush() throws Exception {
        byte[] body = body(pkt("push-cert\0report-status side-band-64k\n"), pkt("certificate version 0.1\n"),
                pkt("pusher Dev <dev@example.com> 1700000000 +0000\n"), pkt("pushee https://git.example.com/app.git\n"),
                pkt("nonce 1700000000-abcdef\n"), pkt("\n"), pkt(A + " " + B + " refs/heads/main\n"),
                pkt(ZERO + " " + A + " refs/heads/new\n"), pkt("-----BEGIN PGP SIGNATURE-----\n"), pkt("iQEz\n"),
                pkt("-----END PGP SIGNATURE-----\n"), pkt("push-cert-end\n"), "0000", PACK);

        assertThat(PktLineCommands.parse(body)).containsExactly(new GitRefUpdate("refs/heads/main", A, B),
                new GitRefUpdate("refs/heads/new", ZERO, A));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                   // nothing at all
            "00",                                 // cut inside a length
            "zz12",                               // not hex
            "0003",                               // shorter than its own header
            "0001",                               // a protocol v2 delimiter
            "0010abc",                            // ends inside a pkt-line
            "ffff",                               // longer than LARGE_PACKET_MAX
            "0019not a command at all\n0000",     // no ids
    })
    void rejectsBrokenFraming(String body) {
        assertThatThrownBy(() -> PktLineCommands.parse(body.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(MalformedPktLine.class).hasMessageNotContaining("Exception");
    }

    @Test
    void rejectsBadCommands() {
        assertMalformed(body(pkt(A + " " + B + " refs/heads/main\0caps")), "flush-pkt");
        assertMalformed(body(pkt(A.substring(1) + " " + B + " refs/heads/main\0"), "0000"), "SHA-1");
        assertMalformed(body(pkt(A.toUpperCase() + " " + B + " refs/heads/main\0"), "0000"), "SHA-1");
        assertMalformed(body(pkt(A + " " + B + " refs/heads/main\0object-format=sha256"), "0000"), "SHA-256");
        assertMalformed(body(pkt(A + " " + B + " refs/heads/main\0object-format=md5"), "0000"), "object format");
        assertMalformed(body(pkt(A + " " + B + " refs/heads/with space\0"), "0000"), "ref name");
        assertMalformed(body(pkt(A + " " + B + " \0"), "0000"), "ref name");
        assertMalformed(body(pkt(A + " " + B + " refs/heads/a\0"), pkt(A + " " + B + " refs/heads/b\0x"), "0000"),
                "capabilities");
        assertMalformed(body(pkt("push-cert\0caps\n"), pkt("certificate version 0.1\n"), pkt("push-cert-end\n"), "0000"),
                "empty line");
    }

    private static void assertMalformed(byte[] body, String message) {
        assertThatThrownBy(() -> PktLineCommands.parse(body)).isInstanceOf(MalformedPktLine.class)
                .hasMessageContaining(message);
    }

    static String pkt(String payload) {
        int length = payload.getBytes(StandardCharsets.UTF_8).length + 4;
        return String.format("%04x", length) + payload;
    }

    static byte[] body(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
