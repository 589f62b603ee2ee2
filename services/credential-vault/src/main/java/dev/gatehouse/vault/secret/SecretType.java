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
    POSTGRES_DYNAMIC;

    public boolean dynamic() {
        return this == POSTGRES_DYNAMIC;
    }

    boolean needsUsername() {
        return this == BASIC || this == POSTGRES_PASSWORD || this == POSTGRES_DYNAMIC;
    }

    boolean postgres() {
        return this == POSTGRES_PASSWORD || this == POSTGRES_DYNAMIC;
    }
}
