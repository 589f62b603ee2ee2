package dev.gatehouse.vault.secret;

import dev.gatehouse.vault.audit.VaultEvents;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Admin API for target secrets: write-only for the secret itself, nothing ever reads it back. */
@RestController
@RequestMapping("/api/v1/secrets")
@PreAuthorize("hasAuthority('gatehouse-admin')")
class SecretController {

    private final SecretAdmin admin;
    private final SecretStore store;

    SecretController(SecretAdmin admin, SecretStore store) {
        this.admin = admin;
        this.store = store;
    }

    // The connection is checked by hand, not with @Pattern: a constraint on the path variable would switch
    // the whole method to method validation, whose errors name the body parameter instead of its fields.
    @PutMapping("/{connection}")
    ResponseEntity<Void> put(@PathVariable String connection, @Valid @RequestBody PutSecretRequest request,
                             @AuthenticationPrincipal Jwt caller) {
        admin.put(connection, request, VaultEvents.identityOf(caller));
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    List<SecretSummary> list() {
        return store.findAll().stream().map(SecretSummary::of).toList();
    }

    @GetMapping("/{connection}")
    SecretSummary get(@PathVariable String connection) {
        return store.find(connection).map(SecretSummary::of).orElseThrow(() -> new SecretNotFound(connection));
    }

    /** {@code ?force=true}: delete even when live dynamic roles cannot be dropped because the target is gone. */
    @DeleteMapping("/{connection}")
    ResponseEntity<Void> delete(@PathVariable String connection,
                                @RequestParam(defaultValue = "false") boolean force,
                                @AuthenticationPrincipal Jwt caller) {
        admin.delete(connection, force, VaultEvents.identityOf(caller));
        return ResponseEntity.noContent().build();
    }
}
