package dev.gatehouse.mysqlsql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlLexerTests {

    /** Tokens as "TYPE:value" (strings and numbers as their type only). */
    private static String lex(String sql) {
        return lex(sql, MySqlMode.DEFAULT);
    }

    private static String lex(String sql, MySqlMode mode) {
        return MySqlLexer.tokenize(sql, mode).tokens().stream()
                .map(t -> switch (t.type()) {
                    case STRING, NUMBER -> t.type().name();
                    case WORD -> t.value();
                    default -> t.type().name() + ":" + t.value();
                })
                .collect(Collectors.joining(" "));
    }

    private static List<String> statements(String sql) {
        List<MyToken> tokens = MySqlLexer.tokenize(sql).tokens();
        return MySqlSplitter.split(tokens, sql).stream().map(MySqlSplitter.Piece::text).toList();
    }

    private static boolean hasError(String sql) {
        return MySqlLexer.tokenize(sql).tokens().stream().anyMatch(t -> t.type() == MyToken.Type.ERROR);
    }

    @Test
    void hashStartsALineCommentThatEndsAtNewlineOnly() {
        assertThat(lex("SELECT 1 # DROP TABLE t\nFROM t")).isEqualTo("select NUMBER from t");
        assertThat(lex("SELECT 1 # x\r DROP TABLE t")).isEqualTo("select NUMBER");
    }

    @Test
    void doubleDashIsACommentOnlyBeforeWhitespaceOrControlOrEnd() {
        assertThat(lex("SELECT 1 -- DROP\nx")).isEqualTo("select NUMBER x");
        assertThat(lex("SELECT 1 --\tDROP")).isEqualTo("select NUMBER");
        assertThat(lex("SELECT 1 --")).isEqualTo("select NUMBER");
        assertThat(lex("SELECT 1 --\u0001DROP")).isEqualTo("select NUMBER");
        assertThat(lex("SELECT 1--1; DROP TABLE t")).isEqualTo("select NUMBER OPERATOR:- OPERATOR:- NUMBER PUNCTUATION:; drop table t");
    }

    @Test
    void executableCommentBodyIsCode() {
        assertThat(lex("SELECT 1 /*! ; DROP TABLE t */")).isEqualTo("select NUMBER PUNCTUATION:; drop table t");
        assertThat(lex("/*!50001 DROP TABLE t*/")).isEqualTo("drop table t");
        assertThat(lex("/*!40101 SET NAMES utf8mb4 */")).isEqualTo("set names utf8mb4");
        assertThat(statements("SELECT 1 /*!; DROP TABLE t */")).containsExactly("SELECT 1 /*!", "DROP TABLE t */");
    }

    @Test
    void stringsInsideAnExecutableCommentAreStrings() {
        assertThat(lex("/*! SELECT '*/ DROP' */")).isEqualTo("select STRING");
    }

    @Test
    void plainAndHintCommentsAreComments() {
        assertThat(lex("SELECT /* ; DROP TABLE t */ 1")).isEqualTo("select NUMBER");
        assertThat(lex("SELECT /*+ MAX_EXECUTION_TIME(1) */ 1")).isEqualTo("select NUMBER");
        assertThat(lex("SELECT /* /* */ 1")).isEqualTo("select NUMBER");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1 /*!80000 ; DROP TABLE t */", "SELECT 1 /*!99999 x */", "SELECT 1 /*!100100 x */",
            "SELECT 1 /*!5000 x */", "SELECT 1 /*M! ; DROP TABLE t */", "SELECT 1 /*M!100100 x */",
            "SELECT 1 /* never closed", "/*! SELECT 1", "/*! SELECT 1 # */ ; DROP TABLE t\n */",
            "/*! SELECT 1 -- */\n */", "/*! SELECT /* nested */ 1 */", "SELECT 'open", "SELECT \"open",
            "SELECT `open", "SELECT X'0G'", "SELECT B'102'", "SELECT 1.5e3abc", "SELECT @", "SELECT 1 \\ 2",
            "SELECT 1\u0000; DROP TABLE t", "SELECT {fn now()}", "SELECT 'a\\'; DROP TABLE t; -- "
    })
    void unreadableOrVersionDependentTextIsAnError(String sql) {
        assertThat(hasError(sql)).as(sql).isTrue();
    }

    @Test
    void backslashEscapesTheQuote() {
        assertThat(statements("SELECT 'a\\'; DROP TABLE t; -- '")).containsExactly("SELECT 'a\\'; DROP TABLE t; -- '");
        assertThat(MySqlLexer.tokenize("SELECT 'a\\'b'").backslashSensitive()).isTrue();
        assertThat(lex("SELECT 'a\\'; DROP TABLE t; -- '", MySqlMode.NO_BACKSLASH_ESCAPES))
                .isEqualTo("select STRING PUNCTUATION:; drop table t PUNCTUATION:;");
    }

    @Test
    void doubledQuotesAndDoubleQuotedStrings() {
        assertThat(lex("SELECT 'it''s', \"say \"\"hi\"\"\"")).isEqualTo("select STRING PUNCTUATION:, STRING");
        assertThat(MySqlLexer.tokenize("SELECT \"x\"").doubleQuoted()).isTrue();
        assertThat(lex("SELECT \"x\"", new MySqlMode(true, true))).isEqualTo("select QUOTED_IDENTIFIER:x");
    }

    @Test
    void backticksAreIdentifiersWithDoubledBackticks() {
        assertThat(lex("DROP TABLE `my``t;x`")).isEqualTo("drop table QUOTED_IDENTIFIER:my`t;x");
        assertThat(statements("SELECT * FROM `a;b`; SELECT 2")).containsExactly("SELECT * FROM `a;b`", "SELECT 2");
    }

    @Test
    void variables() {
        assertThat(lex("SET @s = 'x'; SELECT @@session.SQL_MODE, @`a b`, @'c'"))
                .isEqualTo("set VARIABLE:@s OPERATOR:= STRING PUNCTUATION:; select VARIABLE:@@session.sql_mode "
                        + "PUNCTUATION:, VARIABLE:@a b PUNCTUATION:, VARIABLE:@c");
    }

    @Test
    void numbersAndIdentifiersStartingWithDigits() {
        assertThat(lex("SELECT 1, 1.5, .5, 1e10, 0x1F, 0b01, X'1f', B'01', N'x'"))
                .isEqualTo("select NUMBER PUNCTUATION:, NUMBER PUNCTUATION:, NUMBER PUNCTUATION:, NUMBER "
                        + "PUNCTUATION:, NUMBER PUNCTUATION:, NUMBER PUNCTUATION:, STRING PUNCTUATION:, STRING "
                        + "PUNCTUATION:, STRING");
        assertThat(lex("SELECT * FROM 1t, 0xzz, 12abc")).isEqualTo("select OPERATOR:* from 1t PUNCTUATION:, 0xzz PUNCTUATION:, 12abc");
        assertThat(lex("SELECT t.1c")).isEqualTo("select t PUNCTUATION:. 1c");
    }

    @Test
    void wordsAreLowerCasedAndNonAsciiIsAnIdentifierCharacter() {
        assertThat(lex("DrOp TaBlE café")).isEqualTo("drop table café");
        assertThat(lex("SELECT\u3000DROP")).isEqualTo("select\u3000drop");
        assertThat(lex("SELECT\u00a0x")).isEqualTo("select\u00a0x");
    }

    @Test
    void operators() {
        assertThat(lex("a<=>b||c:=d->>e")).isEqualTo("a OPERATOR:<=> b OPERATOR:|| c OPERATOR::= d OPERATOR:->> e");
    }

    @Test
    void splitsEverySemicolonAndKeepsTextExact() {
        assertThat(statements("SELECT 1;SELECT 2 ; ;\n -- c\n")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(statements("SELECT (1; DROP TABLE t)")).containsExactly("SELECT (1", "DROP TABLE t)");
        assertThat(statements("SELECT 1 FROM t\u3000")).containsExactly("SELECT 1 FROM t\u3000");
        assertThat(statements("# only a comment\n/* and another */")).isEmpty();
    }

    @Test
    void charsetIntroducersStayWords() {
        assertThat(lex("SELECT _utf8mb4'x' COLLATE utf8mb4_bin")).isEqualTo("select _utf8mb4 STRING collate utf8mb4_bin");
    }
}
