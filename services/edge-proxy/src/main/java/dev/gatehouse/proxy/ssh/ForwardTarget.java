package dev.gatehouse.proxy.ssh;

/** A forward's destination as the agent names it: checked before the gate is asked, written as a rule's glob sees it. */
final class ForwardTarget {

    private ForwardTarget() {
    }

    /** {@code host:port}, an IPv6 literal in brackets: what a rule's glob matches. */
    static String text(String host, long port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** A DNS name or an IP literal, and a TCP port: nothing a glob or the host's resolver could misread. */
    static boolean usable(String host, long port) {
        if (port < 1 || port > 65535 || host.isEmpty() || host.length() > 253) {
            return false;
        }
        return host.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-' || c == ':' || c == '_');
    }
}
