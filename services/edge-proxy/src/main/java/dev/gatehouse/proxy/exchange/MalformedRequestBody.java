package dev.gatehouse.proxy.exchange;

/**
 * The request body broke its framing (a chunk size that is not hex, a chunk longer than it said, ...):
 * raised into the body's stream by the proxy's framing guard (route.RequestFramingGuard) instead of a silently truncated body, so
 * a request whose body did not arrive intact is never forwarded.
 */
public final class MalformedRequestBody extends RuntimeException {

    public MalformedRequestBody() {
        super("the request body's framing is malformed", null, false, false);
    }
}
