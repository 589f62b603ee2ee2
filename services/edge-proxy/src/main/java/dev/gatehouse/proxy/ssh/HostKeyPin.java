package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

import java.net.SocketAddress;
import java.security.PublicKey;

/**
 * Accepts an upstream host only when its host key's SHA-256 fingerprint is the one the connection's
 * upstream names (set on each connection attempt as {@link #EXPECTED}); anything else, or no expected
 * fingerprint at all, ends the connection before the leased key is offered.
 */
final class HostKeyPin implements ServerKeyVerifier {

    static final AttributeRepository.AttributeKey<String> EXPECTED = new AttributeRepository.AttributeKey<>();

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        AttributeRepository context = session.getConnectionContext();
        String expected = context == null ? null : context.getAttribute(EXPECTED);
        if (expected == null) {
            return false;
        }
        String actual = KeyUtils.getFingerPrint(BuiltinDigests.sha256, serverKey);
        return actual != null && SshUpstream.stripPadding(actual).equals(expected);
    }
}
