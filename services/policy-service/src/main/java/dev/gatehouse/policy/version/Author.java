package dev.gatehouse.policy.version;

import java.nio.file.Path;
import java.util.Objects;

/** Who stored a version: the token's issuer and subject, or the bootstrap file. */
record Author(String issuer, String subject) {

    /** The issuer recorded for versions that come from the bootstrap file rather than a person. */
    static final String SERVICE_ISSUER = "policy-service";

    Author {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
    }

    static Author file(Path file) {
        Path name = file.getFileName();
        return new Author(SERVICE_ISSUER, "file:" + (name == null ? file : name));
    }
}
