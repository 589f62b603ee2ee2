package dev.gatehouse.vault.secret;

/** What kind of secret a connection holds, and so what the proxy gets when it asks for a lease. */
public enum SecretType {
    /** an HTTP bearer token */
    BEARER,
    /** HTTP basic: username and password */
    BASIC,
    /** a header of the admin's choosing (name stored in clear, value sealed), e.g. {@code X-Api-Key} */
    HEADER,
    /** a fixed PostgreSQL login: username and password */
    POSTGRES_PASSWORD,
    /** admin credentials of a PostgreSQL target, from which the vault mints a short-lived role per lease */
    POSTGRES_DYNAMIC,
    /** an SSH login: the user on the host and a stored OpenSSH private key */
    SSH_KEY,
    /**
     * an SSH user CA's private key and the user on the host: per lease the vault signs a short-lived
     * certificate for a fresh key pair, principal the user, key id naming the CI identity
     */
    SSH_CA,
    /** admin credentials of a MySQL/MariaDB target, from which the vault mints a short-lived user per lease */
    MYSQL_DYNAMIC;

    public boolean dynamic() {
        return this == POSTGRES_DYNAMIC || this == MYSQL_DYNAMIC;
    }

    boolean needsUsername() {
        return this == BASIC || this == POSTGRES_PASSWORD || dynamic() || ssh();
    }

    /** A private key in PEM: multi-line, never injected into a header. */
    public boolean ssh() {
        return this == SSH_KEY || this == SSH_CA;
    }

    boolean postgres() {
        return this == POSTGRES_PASSWORD || this == POSTGRES_DYNAMIC;
    }
}
