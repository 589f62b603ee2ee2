package dev.gatehouse.vault;

import dev.gatehouse.vault.VaultHttp.Response;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with a copy of the vault's database learns no secret: every table is dumped with COPY, as
 * text (bytea as hex) and in PostgreSQL's binary format, and the raw bytes are searched for every
 * plaintext the vault was given or generated, also hex- and base64-encoded.
 */
class VaultDumpIT extends VaultApiIntegration {

    @Test
    void aRawDumpOfTheVaultsTablesHoldsNoPlaintextSecret() throws Exception {
        List<String> secrets = new ArrayList<>();
        secrets.add(store("dump-bearer", "{\"type\":\"BEARER\",\"secret\":\"%s\"}"));
        secrets.add(store("dump-basic", "{\"type\":\"BASIC\",\"username\":\"u\",\"secret\":\"%s\"}"));
        secrets.add(store("dump-header", "{\"type\":\"HEADER\",\"header\":\"X-Api-Key\",\"secret\":\"%s\"}"));
        secrets.add(store("dump-pg", "{\"type\":\"POSTGRES_PASSWORD\",\"username\":\"u\",\"secret\":\"%s\"}"));
        putSecret("dump-dynamic", TargetPostgres.dynamicSecret(TargetPostgres.READONLY, null));
        secrets.add(TargetPostgres.ADMIN_PASSWORD);
        for (String connection : new String[] {"dump-bearer", "dump-dynamic"}) {
            Response lease = lease(connection, "session-dump");
            assertThat(lease.status()).as(lease.body()).isEqualTo(200);
            secrets.add(lease.json().get("credential").get("secret").asString());
        }

        byte[] dump = dumpEveryTable();

        assertThat(dump.length).isGreaterThan(1000);
        String text = new String(dump, StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(new String(bytes, StandardCharsets.ISO_8859_1))
                    .doesNotContain(HexFormat.of().formatHex(bytes))
                    .doesNotContain(Base64.getEncoder().encodeToString(bytes));
        }
        assertThat(text).as("the dump did include the sealed rows").contains("dump-dynamic").contains("gh_dump_dynamic_");
    }

    private String store(String connection, String template) {
        String secret = fakeSecret();
        putSecret(connection, template.formatted(secret));
        return secret;
    }

    private byte[] dumpEveryTable() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection db = jdbc(); Statement sql = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) "
                    + "FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                    + "AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).contains("public.secrets", "public.leases");
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            for (String table : tables) {
                copy.copyOut("COPY " + table + " TO STDOUT", out);
                copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
            }
        }
        return out.toByteArray();
    }
}
