package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * A target credential as the vault hands it to the proxy. {@link #toString()} never shows the secret,
 * so a credential that ends up in a log line or an exception message leaks nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Credential(Type type, String username, String secret, String header) {

    public enum Type {
        /** {@code Authorization: Bearer <secret>} */
        BEARER,
        /** {@code Authorization: Basic base64(username:secret)} */
        BASIC,
        /** a database login (PostgreSQL SCRAM): {@code username} and the password in {@code secret} */
        PASSWORD,
        /** {@code <header>: <secret>}, e.g. {@code X-Api-Key} */
        HEADER,
        /**
         * an SSH login: {@code username} and an OpenSSH private key (PEM) in {@code secret}; when the vault
         * signed a user certificate for it, the certificate line ({@code ssh-…-cert-v01@openssh.com …}) in {@code header}
         */
        SSH_KEY
    }

    public Credential {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(secret, "secret");
        if ((type == Type.BASIC || type == Type.PASSWORD || type == Type.SSH_KEY) && (username == null || username.isEmpty())) {
            throw new IllegalArgumentException("a " + type + " credential needs a username");
        }
        if (type == Type.HEADER && (header == null || header.isBlank())) {
            throw new IllegalArgumentException("a HEADER credential needs a header name");
        }
    }

    public Credential(Type type, String username, String secret) {
        this(type, username, secret, null);
    }

    public static Credential bearer(String token) {
        return new Credential(Type.BEARER, null, token);
    }

    public static Credential basic(String username, String password) {
        return new Credential(Type.BASIC, username, password);
    }

    public static Credential password(String username, String password) {
        return new Credential(Type.PASSWORD, username, password);
    }

    public static Credential header(String name, String value) {
        return new Credential(Type.HEADER, null, value, name);
    }

    @Override
    public String toString() {
        return "Credential[type=" + type + ", username=" + username + ", header=" + header + ", secret=***]";
    }
}
