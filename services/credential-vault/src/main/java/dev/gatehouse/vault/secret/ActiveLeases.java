package dev.gatehouse.vault.secret;

/**
 * Ends the live dynamic leases of a secret before it is deleted or pointed at another target: once the
 * admin credentials are gone, nothing could drop the roles they minted.
 */
public interface ActiveLeases {

    /**
     * @param force end the leases in the vault even when their roles cannot be dropped (the target is gone
     *              for good); such roles are left to their VALID UNTIL, which still stops their logins
     * @throws org.springframework.web.ErrorResponseException (503) when, without force, a role could not be dropped
     */
    void revokeAll(StoredSecret secret, String reason, boolean force);
}
