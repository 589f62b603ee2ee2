package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.CallerIdentity;
import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Locale;

/**
 * The cluster learns who acts from Gatehouse, not from the shared credential: {@code Impersonate-User}
 * names the CI identity ({@code gatehouse:<subject>}), {@code Impersonate-Group} the connection's groups,
 * and {@code Impersonate-Extra-*} the run (repository, run id, workflow), so the cluster's audit log and
 * RBAC see the agent. The vault's credential must be allowed to impersonate (RBAC verb
 * {@code impersonate}); the agent's token never reaches the cluster. A client's own {@code Impersonate-*}
 * headers are refused unless the connection allows them ({@link #asked}).
 */
public final class Impersonation {

    static final String PREFIX = "impersonate-";
    static final String USER = "Impersonate-User";
    static final String GROUP = "Impersonate-Group";
    static final String EXTRA = "Impersonate-Extra-";
    /** CI claims carried as extras: claim name, extra key. */
    private static final List<String[]> EXTRAS = List.of(new String[] {"repository", "repository"},
            new String[] {"run_id", "run-id"}, new String[] {"workflow", "workflow"});

    private Impersonation() {
    }

    /** Whether the client sent any {@code Impersonate-*} header (any case, any suffix). */
    public static boolean asked(HttpHeaders headers) {
        for (String name : headers.headerNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the headers the target receives: the client's own {@code Impersonate-*} pass only when the
     * connection allows them (they were checked before the decision was acted on); otherwise they go and,
     * when the connection impersonates, the agent's take their place.
     */
    public static void apply(HttpHeaders headers, KubernetesConnection connection, CallerIdentity identity) {
        if (connection.allowClientImpersonation() && asked(headers)) {
            return;
        }
        List<String> client = headers.headerNames().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX)).toList();
        client.forEach(headers::remove);
        if (!connection.impersonate()) {
            return;
        }
        headers.set(USER, headerSafe("gatehouse:" + identity.subject()));
        for (String group : connection.groups()) {
            headers.add(GROUP, headerSafe(group));
        }
        for (String[] extra : EXTRAS) {
            String value = identity.claim(extra[0]);
            if (value != null && !value.isEmpty()) {
                headers.set(EXTRA + extra[1], headerSafe(value));
            }
        }
    }

    /** Printable ASCII only: a claim is the issuer's text, and a header value must not be able to break a line. */
    static String headerSafe(String value) {
        StringBuilder safe = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return safe.toString();
    }
}
