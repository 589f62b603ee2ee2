package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Iterator;

/**
 * The listener's host key: read from its file, or generated there (ECDSA P-256) on the first start and
 * kept, so the fingerprint agents pin in {@code known_hosts} survives restarts.
 */
record HostKey(KeyPairProvider provider, String fingerprint, String publicKey) {

    static HostKey load(String file) {
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(Path.of(file));
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        provider.setKeySize(256);
        Iterator<KeyPair> keys;
        try {
            keys = provider.loadKeys(null).iterator();
        } catch (Exception e) {
            throw new IllegalStateException("gatehouse.proxy.ssh.host-key: cannot read or create " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        if (!keys.hasNext()) {
            throw new IllegalStateException("gatehouse.proxy.ssh.host-key: no key in " + file);
        }
        KeyPair key = keys.next();
        return new HostKey(provider, KeyUtils.getFingerPrint(BuiltinDigests.sha256, key.getPublic()),
                PublicKeyEntry.toString(key.getPublic()));
    }
}
