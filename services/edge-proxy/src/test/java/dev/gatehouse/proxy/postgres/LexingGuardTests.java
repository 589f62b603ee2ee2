package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LexingGuardTests {

    private final LexingGuard guard = new LexingGuard(null, null); // the client and context are only needed for ParameterStatus
    private final ResponseQueue pending = new ResponseQueue();

    @Test
    void textThatIsNotUtf8IsRefusedAsPostgresWould() {
        PgFrame attack = query(bytes("SELECT E'", new byte[]{(byte) 0x81, 0x5C}, "'; DROP TABLE t; -- '"));

        Refusal refusal = guard.refusal(attack, "ignored");

        assertThat(refusal.sqlState()).isEqualTo("22021");
        assertThat(refusal.message()).contains("invalid byte sequence for encoding \"UTF8\"");
        assertThat(guard.refusal(query("SELECT 'caf\u00e9', '\u4e57'"), "SELECT 'caf\u00e9', '\u4e57'")).isNull();
    }

    @Test
    void overlongAndSurrogateUtf8IsRefusedToo() {
        assertThat(guard.refusal(query(bytes("SELECT '", new byte[]{(byte) 0xC0, (byte) 0xA7}, "'")), "x")).isNotNull();
        assertThat(guard.refusal(query(bytes("SELECT '", new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "'")), "x"))
                .isNotNull();
    }

    @Test
    void aSettingChangeIsRefusedByTheGuard() {
        String sql = "SET client_encoding = 'SJIS'";

        assertThat(guard.refusal(query(sql), sql).message()).contains("pins client_encoding");
    }

    @Test
    void sensitiveTextWaitsWhileAStatementBeforeItIsUnanswered() {
        pending.add(Pending.of(Pending.Kind.QUERY));

        assertThat(guard.mayHandle(query("SELECT 'caf\u00e9'"), pending)).as("non-ASCII").isFalse();
        assertThat(guard.mayHandle(query("SELECT 'a\\b'"), pending)).as("backslash in a plain string").isFalse();
        assertThat(guard.mayHandle(parse("", "SELECT '\u00e9'"), pending)).as("a Parse").isFalse();
        assertThat(guard.mayHandle(query("SELECT E'a\\b', 1"), pending)).as("E'' reads the same either way").isTrue();
        assertThat(guard.mayHandle(query("SELECT 1"), pending)).isTrue();
        assertThat(guard.mayHandle(bind("", ""), pending)).isTrue();
    }

    @Test
    void sensitiveTextGoesOnAtOnceWhenNothingIsAwaitingReadyForQuery() {
        pending.add(Pending.of(Pending.Kind.PARSE));
        pending.add(Pending.of(Pending.Kind.BIND));

        assertThat(guard.mayHandle(query("SELECT 'caf\u00e9'"), pending)).isTrue();
        assertThat(guard.refusal(query("SELECT 'caf\u00e9'"), "SELECT 'caf\u00e9'")).isNull();
    }

    @Test
    void sensitiveTextRightAfterAnExecuteHasTheSettingsSetAgainFirst() {
        assertThat(guard.handled(parse("", "SELECT '\u00e9'"))).as("nothing executed yet").isFalse();
        guard.handled(frame('E', new byte[]{0, 0, 0, 0, 0}));

        assertThat(guard.mayHandle(parse("", "SELECT '\u00e9'"), pending)).as("not waited for").isTrue();
        assertThat(guard.handled(parse("", "SELECT 1"))).as("ASCII reads the same").isFalse();
        assertThat(guard.handled(parse("", "SELECT 'a\\b'"))).as("a backslash in a plain string").isTrue();
        assertThat(guard.handled(parse("", "SELECT '\u00e9'"))).as("pinned again just now").isFalse();

        guard.handled(frame('E', new byte[]{0, 0, 0, 0, 0}));
        guard.handled(frame('S', new byte[0]));

        assertThat(guard.handled(query("SELECT '\u00e9'"))).as("after Sync the ReadyForQuery reports").isFalse();
    }

    @Test
    void statementAndPortalNamesMustBeAscii() {
        assertThat(LexingGuard.asciiNames(parse("s\u00e9", "SELECT 1"))).isFalse();
        assertThat(LexingGuard.asciiNames(bind("p", "s\u00e9"))).isFalse();
        assertThat(LexingGuard.asciiNames(bind("p\u00e9", "s"))).isFalse();
        assertThat(LexingGuard.asciiNames(frame('E', bytes("p\u00e9", new byte[]{0, 0, 0, 0, 0}, "")))).isFalse();
        assertThat(LexingGuard.asciiNames(frame('D', bytes("S", new byte[0], "s\u00e9\0")))).isFalse();
        assertThat(LexingGuard.asciiNames(frame('C', bytes("P", new byte[0], "p\0")))).isTrue();
        assertThat(LexingGuard.asciiNames(parse("s1", "SELECT 'caf\u00e9'"))).as("the text is not a name").isTrue();
    }

    @Test
    void bindValuesAndParameterTypesAreNotNamesOrText() {
        ByteBuf body = Unpooled.buffer();
        body.writeBytes("p\0s\0".getBytes(StandardCharsets.US_ASCII)).writeShort(0).writeShort(1)
                .writeInt(2).writeBytes(new byte[]{(byte) 0xC3, (byte) 0xA9}).writeShort(0);
        assertThat(LexingGuard.asciiNames(frame('B', body))).isTrue();

        ByteBuf parse = Unpooled.buffer();
        parse.writeBytes("s\0SELECT $1\0".getBytes(StandardCharsets.US_ASCII)).writeShort(1).writeInt(0xFFFFFFFF);
        pending.add(Pending.of(Pending.Kind.SYNC));
        assertThat(guard.mayHandle(frame('P', parse), pending)).isTrue();
    }

    private static PgFrame query(String sql) {
        return query(bytes(sql, new byte[0], ""));
    }

    private static PgFrame query(byte[] sql) {
        return frame('Q', Unpooled.buffer().writeBytes(sql).writeByte(0));
    }

    private static PgFrame parse(String name, String sql) {
        return frame('P', Unpooled.buffer().writeBytes((name + "\0" + sql + "\0").getBytes(StandardCharsets.UTF_8))
                .writeShort(0));
    }

    private static PgFrame bind(String portal, String statement) {
        return frame('B', Unpooled.buffer().writeBytes((portal + "\0" + statement + "\0").getBytes(StandardCharsets.UTF_8))
                .writeShort(0).writeShort(0).writeShort(0));
    }

    private static PgFrame frame(char type, byte[] body) {
        return frame(type, Unpooled.wrappedBuffer(body));
    }

    private static PgFrame frame(char type, ByteBuf body) {
        ByteBuf whole = Unpooled.buffer().writeByte(type).writeInt(body.readableBytes() + 4).writeBytes(body);
        return new PgFrame((byte) type, whole, 5);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }
}
