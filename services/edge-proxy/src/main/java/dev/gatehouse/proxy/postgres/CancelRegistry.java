package dev.gatehouse.proxy.postgres;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy-generated BackendKeyData of live sessions. A client's CancelRequest names the key the proxy
 * handed out; the session it maps to knows the upstream's own key and sends the real cancel there.
 */
final class CancelRegistry {

    private final SecureRandom random = new SecureRandom();
    private final Map<Long, ClientSession> sessions = new ConcurrentHashMap<>();

    long register(ClientSession session) {
        while (true) {
            long key = random.nextLong();
            if (sessions.putIfAbsent(key, session) == null) {
                return key;
            }
        }
    }

    ClientSession find(int processId, int secret) {
        return sessions.get(((long) processId << 32) | (secret & 0xffffffffL));
    }

    void remove(long key) {
        sessions.remove(key);
    }
}
