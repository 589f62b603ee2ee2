package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.glob.GlobSet;
import dev.gatehouse.policy.kubernetes.KubernetesRequest;

/**
 * A rule's {@code kubernetes} block. Like RBAC, an allow rule that names no subresources allows none
 * ({@code get pods} does not allow {@code pods/exec}); a deny or review rule that names none covers
 * the resource with any subresource. Non-resource requests ({@code /version}) match only a rule
 * without resource constraints.
 */
final class KubernetesMatcher {

    private final GlobSet verbs;
    private final GlobSet groups;
    private final GlobSet resources;
    private final GlobSet namespaces;
    private final GlobSet names;
    private final GlobSet subresources;
    private final boolean allow;

    KubernetesMatcher(OperationMatch.Kubernetes kubernetes, Action action) {
        this.verbs = GlobSet.compile(kubernetes.verbs());
        this.groups = GlobSet.compile(kubernetes.groups());
        this.resources = GlobSet.compile(kubernetes.resources());
        this.namespaces = GlobSet.compile(kubernetes.namespaces());
        this.names = GlobSet.compile(kubernetes.names());
        this.subresources = GlobSet.compile(kubernetes.subresources());
        this.allow = action == Action.ALLOW;
    }

    String mismatch(KubernetesRequest request, boolean explain) {
        if (request == null) {
            return explain ? "not a Kubernetes API request" : Mismatch.NO;
        }
        if (!verbs.isEmpty() && !verbs.matches(request.verb())) {
            return explain ? "verb " + request.verb() + " not in " + verbs : Mismatch.NO;
        }
        boolean constrainsResources = !groups.isEmpty() || !resources.isEmpty() || !namespaces.isEmpty()
                || !names.isEmpty() || !subresources.isEmpty();
        if (!request.resourceRequest()) {
            return constrainsResources ? (explain ? "non-resource request " + request.nonResourcePath() : Mismatch.NO)
                    : null;
        }
        if (!groups.isEmpty() && !groups.matches(request.apiGroup())) {
            return explain ? "API group '" + request.apiGroup() + "' not in " + groups : Mismatch.NO;
        }
        if (!resources.isEmpty() && !resources.matches(request.resource())) {
            return explain ? "resource " + request.resource() + " not in " + resources : Mismatch.NO;
        }
        if (!namespaces.isEmpty() && (request.namespace() == null || !namespaces.matches(request.namespace()))) {
            return explain ? "namespace " + request.namespace() + " not in " + namespaces : Mismatch.NO;
        }
        if (!names.isEmpty() && (request.name() == null || !names.matches(request.name()))) {
            return explain ? "name " + request.name() + " not in " + names : Mismatch.NO;
        }
        return subresourceMismatch(request.subresource(), explain);
    }

    private String subresourceMismatch(String subresource, boolean explain) {
        boolean none = subresource == null || subresource.isEmpty();
        boolean matches = subresources.isEmpty() ? (none || !allow) : (!none && subresources.matches(subresource));
        if (!matches) {
            return explain ? (none ? "no subresource, the rule names " + subresources
                    : "subresource " + subresource + " not named by the rule") : Mismatch.NO;
        }
        return null;
    }
}
