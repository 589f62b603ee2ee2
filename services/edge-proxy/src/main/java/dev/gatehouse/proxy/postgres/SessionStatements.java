package dev.gatehouse.proxy.postgres;

import java.util.HashMap;
import java.util.Map;

/**
 * The session's named prepared statements and portals, each with what Gatehouse decided for it. A
 * Close removes the name; PostgreSQL keeps its own copy, and the two agree because every Parse, Bind and
 * Close goes upstream in the order handled here.
 */
final class SessionStatements {

    /** A client cannot grow the proxy's memory without bound by preparing statements. */
    static final int MAX_STATEMENTS = 10_000;

    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    Prepared statement(String name) {
        return statements.get(name);
    }

    boolean named(String name) {
        return !name.isEmpty() && statements.containsKey(name);
    }

    boolean full() {
        return statements.size() >= MAX_STATEMENTS;
    }

    void prepared(String name, Prepared statement) {
        statements.put(name, statement);
    }

    Portal portal(String name) {
        return portals.get(name);
    }

    void bound(String name, Portal portal) {
        portals.put(name, portal);
    }

    /** A Close ('S' a statement, 'P' a portal). */
    void closed(char kind, String name) {
        if (kind == 'S') {
            statements.remove(name);
        } else {
            portals.remove(name);
        }
    }

    Iterable<Portal> portals() {
        return portals.values();
    }

    void portalGone(String name) {
        portals.remove(name);
    }
}
