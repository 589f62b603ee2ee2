package dev.gatehouse.proxy.vault;

/** No lease could be obtained for a connection (vault unreachable, refused, timed out, unreadable). */
public final class VaultUnavailable extends RuntimeException {

    VaultUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
