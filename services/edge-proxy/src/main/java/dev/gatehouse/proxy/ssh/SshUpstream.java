package dev.gatehouse.proxy.ssh;

/**
 * A connection's upstream, {@code ssh://host[:port]?hostKey=SHA256:<base64>} as policy-service validated
 * it: the host key's SHA-256 fingerprint is part of the address, so the proxy talks only to the host
 * the policy names (no trust on first use) and a new host key is a policy change.
 */
record SshUpstream(String host, int port, String fingerprint) {

    private static final String SCHEME = "ssh://";
    private static final String KEY = "?hostKey=";

    static SshUpstream parse(String upstream) {
        if (upstream == null || !upstream.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an ssh:// upstream");
        }
        int query = upstream.indexOf(KEY);
        if (query < 0 || !upstream.startsWith("SHA256:", query + KEY.length())) {
            throw new IllegalArgumentException("the upstream names no host key fingerprint");
        }
        String authority = upstream.substring(SCHEME.length(), query);
        String fingerprint = upstream.substring(query + KEY.length());
        String host = authority;
        int port = 22;
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && authority.indexOf(']', colon) < 0) {
            host = authority.substring(0, colon);
            port = Integer.parseInt(authority.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("the upstream has no usable host or port");
        }
        return new SshUpstream(host, port, stripPadding(fingerprint));
    }

    /** OpenSSH prints fingerprints without base64 padding; compare them that way. */
    static String stripPadding(String fingerprint) {
        String stripped = fingerprint;
        while (stripped.endsWith("=")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }
}
