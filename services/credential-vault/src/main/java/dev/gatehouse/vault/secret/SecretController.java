package dev.gatehouse.vault.secret;

import dev.gatehouse.model.Credential;
import dev.gatehouse.vault.crypto.EnvelopeCipher;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Admin API for target secrets: write-only for the secret itself, nothing ever reads it back. */
@RestController
@RequestMapping("/api/v1/secrets")
@PreAuthorize("hasAuthority('gatehouse-admin')")
class SecretController {

    private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final SecretStore store;
    private final EnvelopeCipher cipher;

    SecretController(SecretStore store, EnvelopeCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    @PutMapping("/{connection}")
    ResponseEntity<Void> put(@PathVariable String connection, @Valid @RequestBody PutSecretRequest request) {
        // Checked by hand, not with @Pattern: a constraint on the path variable would switch the whole
        // method to method validation, whose errors name the body parameter instead of its fields.
        if (!CONNECTION_NAME.matcher(connection).matches()) {
            throw new IllegalArgumentException("connection: must be 1-128 letters, digits, '.', '_' or '-'");
        }
        if (request.isBasic() && (request.username() == null || request.username().isBlank())) {
            throw new IllegalArgumentException("username: must not be blank for a BASIC secret");
        }
        String username = request.isBasic() ? request.username() : null;
        store.save(connection, Credential.Type.valueOf(request.type()), username,
                cipher.seal(connection, request.secret().getBytes(StandardCharsets.UTF_8)), Instant.now());
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    List<SecretSummary> list() {
        return store.findAll().stream().map(SecretSummary::of).toList();
    }

    @DeleteMapping("/{connection}")
    ResponseEntity<Void> delete(@PathVariable String connection) {
        if (!store.delete(connection)) {
            throw new SecretNotFound(connection);
        }
        return ResponseEntity.noContent().build();
    }
}
