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
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            String rest = close < 0 ? "?" : authority.substring(close + 1);
            if (close < 0 || !rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("the upstream has an unusable host");
            }
            host = authority.substring(1, close);
            port = rest.isEmpty() ? null : rest.substring(1);
        } else if (authority.indexOf(':') >= 0) {
            host = authority.substring(0, authority.indexOf(':'));
            port = authority.substring(authority.indexOf(':') + 1);
        }
        int number = port == null ? 22 : Integer.parseInt(port);
        if (host.isEmpty() || host.indexOf('@') >= 0 || !authority.startsWith("[") && host.indexOf(':') >= 0
                || number < 1 || number > 65535) {
            throw new IllegalArgumentException("the upstream has no usable host or port");
        }
        return new SshUpstream(host, number, stripPadding(fingerprint));
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
