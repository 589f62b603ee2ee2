package dev.gatehouse.proxy.mysql;

/** Where a mysql connection lives: policy-service stores {@code mysql://host[:port]/database}. */
record MyAddress(String host, int port, String database) {

    static MyAddress parse(String upstream) {
        if (upstream == null || !upstream.startsWith("mysql://")) {
            throw new IllegalArgumentException("not a mysql:// upstream");
        }
        String rest = upstream.substring("mysql://".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.contains("@") || rest.contains("?")) {
            throw new IllegalArgumentException("unusable upstream");
        }
        String database = rest.substring(slash + 1);
        String hostPort = rest.substring(0, slash);
        String host = hostPort;
        int port = 3306;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || database.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("unusable upstream");
        }
        return new MyAddress(host, port, database);
    }
}
