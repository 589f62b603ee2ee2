package dev.gatehouse.proxy.postgres;

/**
 * Where a postgres connection lives, from {@code Decision.target().upstream}: policy-service stores
 * {@code postgresql://host[:port]/database}; {@code host:port/database} and {@code host[:port]} (database
 * = the connection name) are accepted too.
 */
record UpstreamAddress(String host, int port, String database) {

    static UpstreamAddress parse(String upstream, String connection) {
        if (upstream == null || upstream.isBlank()) {
            throw new IllegalArgumentException("no upstream");
        }
        String rest = upstream.strip();
        if (rest.startsWith("postgresql://")) {
            rest = rest.substring("postgresql://".length());
        } else if (rest.startsWith("postgres://")) {
            rest = rest.substring("postgres://".length());
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.contains("@")) {
            throw new IllegalArgumentException("credentials in an upstream are not accepted");
        }
        String database = connection;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            database = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String host = rest;
        int port = 5432;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && !rest.endsWith("]")) {
            host = rest.substring(0, colon);
            port = Integer.parseInt(rest.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || database.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("unusable upstream");
        }
        return new UpstreamAddress(host, port, database);
    }
}
