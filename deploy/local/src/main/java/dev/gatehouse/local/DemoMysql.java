package dev.gatehouse.local;

import dev.gatehouse.testkit.MariaDbFixture;
import dev.gatehouse.testkit.RequiredTool;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The {@code demo-mysql} connection's database: Debian's MariaDB started as a child process in a temp
 * dir (testkit's {@link MariaDbFixture}), with a {@code demo} database (table {@code users} with API keys)
 * and a login {@code demo_agent} the vault hands out. When mariadbd is not installed the stack starts
 * without it and says so in one line; the connection then points nowhere and its logins fail.
 */
public final class DemoMysql {

    public static final String CONNECTION = "demo-mysql";
    static final String DATABASE = "demo";
    static final String USER = "demo_agent";

    private static volatile MariaDbFixture server;
    private static volatile String password;

    private DemoMysql() {
    }

    /** Starts and seeds the demo MariaDB; false (and one line on stdout) when mariadbd is not installed. */
    public static boolean startIfInstalled() {
        try {
            RequiredTool.mariadbd();
            RequiredTool.mariadb();
        } catch (AssertionError missing) {
            System.out.println("demo-mysql skipped: mariadbd not found (apt-get install mariadb-server mariadb-client, "
                    + "or run deploy/test-tools.sh)");
            return false;
        }
        MariaDbFixture started = MariaDbFixture.shared();
        String secret = "demo-mysql-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        started.createDatabase(DATABASE);
        started.sql("CREATE TABLE demo.users (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), "
                + "api_key VARCHAR(64)); INSERT INTO demo.users VALUES (1, 'Ada', 'ada@example.com', "
                + "'ak_live_0123456789abcdef'), (2, 'Linus', 'linus@example.com', 'ak_live_fedcba9876543210'); "
                + "CREATE OR REPLACE USER " + USER + "@'%' IDENTIFIED BY '" + secret + "'; "
                + "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX ON demo.* TO " + USER + "@'%'");
        password = secret;
        server = started;
        return true;
    }

    static boolean running() {
        return server != null;
    }

    /** The policy's upstream for demo-mysql; an address nothing listens on when MariaDB is not running. */
    static String upstream() {
        MariaDbFixture running = server;
        return running == null ? "mysql://127.0.0.1:9/" + DATABASE
                : "mysql://" + running.host() + ":" + running.port() + "/" + DATABASE;
    }

    /** The vault secret of demo-mysql: a fixed login (BASIC: username and password). */
    static String secretJson() {
        return """
                {"type":"BASIC","username":"%s","secret":"%s"}""".formatted(USER, password);
    }
}
