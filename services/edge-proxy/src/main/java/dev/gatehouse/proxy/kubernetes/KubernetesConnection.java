package dev.gatehouse.proxy.kubernetes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A connection of type {@code kubernetes} with what its {@code settings} in the policy document say
 * (docs/architecture.md §3.12): the cluster's CA ({@code caCertificate}, PEM: the proxy trusts exactly
 * that CA for this connection), whether the proxy names the agent to the cluster ({@code impersonate},
 * default {@code true}) and as which groups ({@code impersonateGroups}, comma-separated, default
 * {@code gatehouse:agents}), and whether a client's own {@code Impersonate-*} headers may pass
 * ({@code allowClientImpersonation}, default {@code false}). Kept as an exchange attribute.
 */
public record KubernetesConnection(String name, String caCertificate, boolean impersonate, List<String> groups,
                                   boolean allowClientImpersonation) {

    public static final String ATTRIBUTE = KubernetesConnection.class.getName();

    static final String DEFAULT_GROUP = "gatehouse:agents";

    static KubernetesConnection of(String name, Map<String, String> settings) {
        String groups = settings.getOrDefault("impersonateGroups", DEFAULT_GROUP);
        return new KubernetesConnection(name, blankToNull(settings.get("caCertificate")),
                !"false".equalsIgnoreCase(settings.getOrDefault("impersonate", "true").trim()),
                Arrays.stream(groups.split(",")).map(String::trim).filter(group -> !group.isEmpty()).toList(),
                "true".equalsIgnoreCase(settings.getOrDefault("allowClientImpersonation", "false").trim()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
