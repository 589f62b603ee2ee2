package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.ledger.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Holds the Ed25519 checkpoint key (JDK provider, no extra dependency). Never logs or exposes the private key. */
@Component
class CheckpointSigner {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);

    private final String name;
    private final PrivateKey privateKey;
    private final byte[] rawPublicKey;

    CheckpointSigner(CheckpointProperties properties) throws GeneralSecurityException {
        this.name = properties.origin();
        KeyPair pair = properties.signingKey() == null || properties.signingKey().isBlank()
                ? ephemeral() : load(properties.signingKey());
        this.privateKey = pair.getPrivate();
        this.rawPublicKey = SignedNote.raw(pair.getPublic());
    }

    String name() {
        return name;
    }

    byte[] rawPublicKey() {
        return rawPublicKey.clone();
    }

    String verifierKey() {
        return SignedNote.verifierKey(name, rawPublicKey);
    }

    String sign(String body) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return SignedNote.note(body, name, SignedNote.keyId(name, rawPublicKey), signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a checkpoint", e);
        }
    }

    private KeyPair ephemeral() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        log.warn("gatehouse.audit.checkpoint.signing-key is not set: signing checkpoints with an EPHEMERAL "
                + "Ed25519 key (verifier key {}); checkpoints signed before a restart cannot be verified "
                + "with the next key. Set a key outside development.", SignedNote.verifierKey(name,
                SignedNote.raw(pair.getPublic())));
        return pair;
    }

    private static KeyPair load(String configured) throws GeneralSecurityException {
        String text = configured.trim();
        if (text.startsWith("file:")) {
            try {
                text = Files.readString(Path.of(text.substring("file:".length())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoint signing key file", e);
            }
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // The message would quote part of the key: replace it.
            throw new IllegalStateException("gatehouse.audit.checkpoint.signing-key is not base64 PKCS#8");
        }
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        PublicKey publicKey = derivePublic(privateKey);
        return new KeyPair(publicKey, privateKey);
    }

    /**
     * PKCS#8 v1 files carry no public key and the JDK has no public derivation API, so the JDK's key
     * generator is fed the private key's 32-byte seed as its "randomness" (its own derivation path);
     * a probe signature then proves the pair matches.
     */
    private static PublicKey derivePublic(PrivateKey privateKey) throws GeneralSecurityException {
        byte[] seed = ((java.security.interfaces.EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("signing key has no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(java.security.spec.NamedParameterSpec.ED25519, new FixedRandom(seed));
        PublicKey publicKey = generator.generateKeyPair().getPublic();
        Signature probe = Signature.getInstance("Ed25519");
        probe.initSign(privateKey);
        probe.update(new byte[]{1});
        byte[] signature = probe.sign();
        probe.initVerify(publicKey);
        probe.update(new byte[]{1});
        if (!probe.verify(signature)) {
            throw new IllegalStateException("could not derive the public key of the checkpoint signing key");
        }
        return publicKey;
    }

    /** Feeds the seed to the JDK generator, which reads exactly 32 bytes of "randomness" as the private key. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
