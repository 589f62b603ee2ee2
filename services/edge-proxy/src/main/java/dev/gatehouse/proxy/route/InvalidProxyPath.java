package dev.gatehouse.proxy.route;

/** The request path could mean something else to the target than to the policy: refused with 400. */
final class InvalidProxyPath extends RuntimeException {

    InvalidProxyPath(String message) {
        super(message);
    }
}
