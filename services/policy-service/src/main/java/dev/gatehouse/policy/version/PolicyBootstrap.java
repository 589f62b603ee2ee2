package dev.gatehouse.policy.version;

import dev.gatehouse.policy.document.DocumentLimits;
import dev.gatehouse.policy.document.InvalidPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads {@code gatehouse.policy.bootstrap-file} once all beans exist and before the web server
 * starts: an invalid file stops the application with the file, line and field in the message; a
 * valid file that differs from the active version becomes the next version, authored {@code file:<name>}.
 */
@Component
class PolicyBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PolicyBootstrap.class);

    private final BootstrapProperties properties;
    private final PolicyVersions versions;
    private final DocumentLimits limits;

    PolicyBootstrap(BootstrapProperties properties, PolicyVersions versions, DocumentLimits limits) {
        this.properties = properties;
        this.versions = versions;
        this.limits = limits;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Path file = properties.bootstrapFile();
        if (file == null) {
            return;
        }
        String yaml = read(file);
        try {
            PolicyVersions.Stored stored = versions.store(yaml, Author.file(file), "bootstrap from " + file,
                    VersionPrecondition.NONE, null);
            log.info(stored.created() ? "policy bootstrap file {} stored as version {}"
                    : "policy bootstrap file {} is already active as version {}", file, stored.info().version());
        } catch (InvalidPolicy e) {
            throw new PolicyBootstrapFailed("policy bootstrap file " + file + " is invalid:\n  "
                    + e.describeAll().replace("\n", "\n  "));
        }
    }

    private String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limits.maxBytes() + 1);
            if (bytes.length > limits.maxBytes()) {
                throw new PolicyBootstrapFailed("policy bootstrap file " + file + " is larger than " + limits.maxSize());
            }
            return PolicyRequests.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new PolicyBootstrapFailed("policy bootstrap file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new PolicyBootstrapFailed("policy bootstrap file " + file + " cannot be read: " + e);
        }
    }

    /** Fails the start of the application; the message is all an operator needs. */
    static final class PolicyBootstrapFailed extends IllegalStateException {
        PolicyBootstrapFailed(String message) {
            super(message);
        }
    }
}
