package dev.gatehouse.policy.kubernetes;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a Kubernetes API request means, derived exactly as the API server's RequestInfoFactory does
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go) so that a policy reads the request the way
 * RBAC would.
 * <p>
 * Note: {@code exec}, {@code attach} and {@code portforward} opened with a GET (WebSocket upgrade)
 * have verb {@code get} and the subresource {@code exec}; opened with POST (SPDY) verb {@code create}.
 * Rules on these must match the subresource, not the verb.
 *
 * @param verb            get, list, watch, create, update, patch, delete, deletecollection (or proxy); for
 *                        non-resource requests the lower-cased HTTP method, as RBAC uses it
 * @param apiGroup        "" for the core group ({@code /api/v1})
 * @param namespace       null for cluster-scoped requests; for {@code /api/v1/namespaces/{name}} the
 *                        namespace itself (as in Kubernetes)
 * @param name            null for collections (unless a {@code metadata.name=} field selector names one)
 * @param subresource     null when none
 * @param nonResourcePath the path of a non-resource request ({@code /version}); null otherwise
 */
public record KubernetesRequest(String verb, String apiGroup, String apiVersion, String resource, String subresource,
                                String namespace, String name, boolean resourceRequest, String nonResourcePath) {

    private static final Set<String> API_PREFIXES = Set.of("api", "apis");
    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * Empty for anything odd: an empty, dot or undecodable path segment, a method the API server has
     * no verb for, or a special-verb path without a resource.
     */
    public static Optional<KubernetesRequest> parse(String method, String path, String query) {
        if (method == null || path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        Optional<List<String>> segments = KubernetesPaths.segments(path);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = segments.get();
        String httpVerb = method.toLowerCase(Locale.ROOT);
        if (parts.size() < 3 || !API_PREFIXES.contains(parts.get(0))) {
            return Optional.of(nonResource(httpVerb, path));
        }
        boolean groupless = parts.get(0).equals("api");
        if (!groupless && parts.size() < 4) {
            return Optional.of(nonResource(httpVerb, path));
        }
        String group = groupless ? "" : parts.get(1);
        List<String> rest = parts.subList(groupless ? 1 : 2, parts.size());
        return resource(method, group, rest.get(0), rest.subList(1, rest.size()), query);
    }

    private static Optional<KubernetesRequest> resource(String method, String group, String version,
                                                        List<String> parts, String query) {
        String verb;
        if (SPECIAL_VERBS.contains(parts.get(0))) {
            if (parts.size() < 2) {
                return Optional.empty();
            }
            verb = parts.get(0);
            parts = parts.subList(1, parts.size());
        } else {
            verb = switch (method) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> null;
            };
            if (verb == null) {
                return Optional.empty();
            }
        }
        String namespace = null;
        if (parts.get(0).equals("namespaces") && parts.size() > 1) {
            namespace = parts.get(1);
            if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
                parts = parts.subList(2, parts.size());
            }
        }
        String resource = parts.get(0);
        String name = parts.size() >= 2 ? parts.get(1) : null;
        String subresource = parts.size() >= 3 && !verb.equals("proxy") ? parts.get(2) : null;
        if (name == null && verb.equals("get")) {
            KubernetesPaths.ListOptions options = KubernetesPaths.listOptions(query);
            verb = options.watch() ? "watch" : "list";
            name = options.name();
        }
        if (name == null && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return Optional.of(new KubernetesRequest(verb, group, version, resource, subresource, namespace, name,
                true, null));
    }

    private static KubernetesRequest nonResource(String verb, String path) {
        return new KubernetesRequest(verb, null, null, null, null, null, null, false, path);
    }
}
