package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SettingChangesTests {

    @ParameterizedTest
    @ValueSource(strings = {
            "SET client_encoding = 'SJIS'",
            "set client_encoding to sjis",
            "SET SESSION client_encoding TO 'BIG5'",
            "SET LOCAL client_encoding = 'GBK'",
            "SET \"client_encoding\" = 'GB18030'",
            "SET \"CLIENT_ENCODING\" = 'UHC'",
            "SET U&\"client_\\0065ncoding\" = 'JOHAB'",
            "SET U&\"client_!0065ncoding\" UESCAPE '!' TO 'SJIS'",
            "SET NAMES 'SJIS'",
            "set names 'win932'",
            "SET NAMES E'utf8'",
            "SET client_encoding = $$utf8$$",
            "SET client_encoding = 'utf8', 'sjis'",
            "SET client_encoding = 'ut'\n'f8'",
            "SELECT 1; SET client_encoding = 'SJIS'",
            "/* c */ SET/**/client_encoding='SJIS'",
            "SET standard_conforming_strings = off",
            "SET standard_conforming_strings TO false",
            "SET standard_conforming_strings = 0",
            "SET SESSION standard_conforming_strings = 'off'",
            "SELECT set_config('client_encoding', 'SJIS', false)",
            "SELECT pg_catalog.set_config('CLIENT_ENCODING', 'sjis', true)",
            "SELECT \"set_config\"('client_encoding', 'SJIS', false)",
            "SELECT SET_CONFIG ( 'client_encoding' , 'SJIS' , false )",
            "SELECT set_config(E'client_encoding', 'SJIS', false)",
            "SELECT set_config(U&'client_\\0065ncoding', 'SJIS', false)",
            "SELECT set_config('client_' || 'encoding', 'SJIS', false)",
            "SELECT set_config($1, $2, false)",
            "SELECT set_config(name, 'SJIS', false) FROM settings_to_apply",
            "SELECT set_config(setting_name => 'client_encoding', new_value => 'SJIS', is_local => false)",
            "SELECT set_config('client_encoding', $1, false)",
            "SELECT set_config('client_encoding', 'SJIS' || '', false)",
            "SELECT set_config('standard_conforming_strings', 'off', false)",
            "UPDATE pg_settings SET setting = 'SJIS' WHERE name = 'client_encoding'",
            "update pg_catalog.pg_settings set setting = 'off' where name = 'standard_conforming_strings'",
            "WITH s AS (UPDATE ONLY \"pg_settings\" SET setting = 'x' RETURNING 1) SELECT * FROM s",
            "ALTER ROLE CURRENT_USER SET client_encoding = 'SJIS'",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET standard_conforming_strings = off AS 'SELECT 1'",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET client_encoding FROM CURRENT AS 'SELECT 1'",
            "PREPARE p AS SELECT set_config('client_encoding', 'SJIS', false)",
            "CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT set_config('client_encoding', 'SJIS', false); END"})
    void aChangeOfAPinnedSettingIsRefused(String sql) {
        Refusal refusal = SettingChanges.refusal(sql);

        assertThat(refusal).isNotNull();
        assertThat(refusal.sqlState()).isEqualTo("0A000");
        assertThat(refusal.message()).startsWith("Gatehouse");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET client_encoding = 'UTF8'",
            "SET client_encoding TO 'utf-8'",
            "SET client_encoding = unicode",
            "SET client_encoding TO DEFAULT",
            "SET NAMES 'UTF8'",
            "SET NAMES DEFAULT",
            "SET NAMES",
            "SET standard_conforming_strings = on",
            "SET standard_conforming_strings TO true",
            "SET standard_conforming_strings = 'on'; SET client_encoding = 'UTF8'",
            "SET standard_conforming_strings = 1",
            "RESET client_encoding",
            "RESET standard_conforming_strings",
            "RESET ALL",
            "DISCARD ALL",
            "SELECT pg_catalog.set_config('search_path', '', false)",
            "SELECT set_config('application_name', $1, false)",
            "SELECT set_config('app.client', 'client_encoding', false)",
            "SELECT current_setting('client_encoding')",
            "SELECT * FROM pg_settings WHERE name = 'client_encoding'",
            "SHOW client_encoding",
            "UPDATE people SET names = 'x' WHERE id = 1",
            "UPDATE people SET names = 'x', standard = 'y'",
            "SELECT 'SET client_encoding = SJIS'",
            "-- SET client_encoding = 'SJIS'\nSELECT 1",
            "SELECT $$ SET client_encoding = 'SJIS' $$",
            "SET application_name = 'client_encoding'",
            "SET search_path TO names",
            "SET myext.client_encoding = 'SJIS'",
            "SELECT set_config FROM t",
            "SELECT 1"})
    void everythingElsePasses(String sql) {
        assertThat(SettingChanges.refusal(sql)).isNull();
    }
}
