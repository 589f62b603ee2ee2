package dev.gatehouse.vault.keys;

import dev.gatehouse.vault.audit.VaultEvents;
import dev.gatehouse.vault.crypto.EnvelopeCipher;
import dev.gatehouse.vault.secret.SecretStore;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Key-encryption keys, for admins: ids and counts only, never key material. */
@RestController
@RequestMapping("/api/v1/keys")
@PreAuthorize("hasAuthority('gatehouse-admin')")
class KeyController {

    private final EnvelopeCipher cipher;
    private final SecretStore secrets;
    private final KeyRotation rotation;

    KeyController(EnvelopeCipher cipher, SecretStore secrets, KeyRotation rotation) {
        this.cipher = cipher;
        this.secrets = secrets;
        this.rotation = rotation;
    }

    /** Every id configured or still named by a row; a row count on an unconfigured id means unreadable secrets. */
    @GetMapping
    KeyringView keys() {
        Map<String, Long> counts = secrets.countByKeyId();
        TreeSet<String> ids = new TreeSet<>(cipher.keyIds());
        ids.addAll(counts.keySet());
        List<KeyringView.Key> keys = new ArrayList<>();
        for (String id : ids) {
            keys.add(new KeyringView.Key(id, id.equals(cipher.activeKeyId()), cipher.keyIds().contains(id),
                    counts.getOrDefault(id, 0L)));
        }
        return new KeyringView(cipher.activeKeyId(), keys);
    }

    @PostMapping("/rotate")
    RotationResult rotate(@AuthenticationPrincipal Jwt admin) {
        return rotation.rotate(VaultEvents.identityOf(admin));
    }

    record KeyringView(String activeKeyId, List<Key> keys) {

        record Key(String keyId, boolean active, boolean configured, long secrets) {
        }
    }
}
