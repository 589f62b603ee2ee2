package dev.gatehouse.proxy.mysql;

import dev.gatehouse.mysqlsql.MySqlLexer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MyPinnedSettingsTests {

    private static String refusal(String sql) {
        return PinnedSettings.refusal(MySqlLexer.tokenize(sql).tokens(), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET NAMES gbk", "set names 'sjis'", "SET NAMES big5 COLLATE big5_bin", "SET NAMES DEFAULT",
            "/*!40101 SET NAMES gbk */", "SET CHARACTER SET cp932", "SET CHARSET gb18030",
            "SET character_set_client = gbk", "SET @@session.character_set_client = 'sjis'",
            "SET SESSION character_set_connection = latin1", "SET @@character_set_results = gbk",
            "SET collation_connection = gbk_bin", "SET autocommit = 1, character_set_client = big5",
            "SET sql_mode = 'ANSI_QUOTES'", "SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'", "SET sql_mode = 'ansi'",
            "SET @@sql_mode = @x", "SET sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')",
            "SET sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES', ',NO_BACKSLASH_ESCAPES')",
            "SET sql_mode = CONCAT(@x, ',STRICT')", "SET STATEMENT sql_mode = 'ANSI_QUOTES' FOR SELECT 1",
            "SET @@local.sql_mode = REPLACE(@@sql_mode, 'X', 'ANSI')", "SET NAMES utf8mb4, character_set_client = gbk",
    })
    void changesOfTheCharsetOrLexingFlagsAreRefused(String sql) {
        assertThat(refusal(sql)).as(sql).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET NAMES utf8mb4", "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_ci'", "SET character_set_client = utf8mb4",
            "SET character_set_results = NULL", "SET collation_connection = utf8mb4_bin", "SET autocommit = 1",
            "SET @x = 'SET NAMES gbk'", "SET sql_mode = 'STRICT_TRANS_TABLES'",
            "set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')", "SELECT @@sql_mode",
            "SELECT 'SET NAMES gbk'", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
    })
    void theSameValueAndOtherSettingsPass(String sql) {
        assertThat(refusal(sql)).as(sql).isNull();
    }
}
