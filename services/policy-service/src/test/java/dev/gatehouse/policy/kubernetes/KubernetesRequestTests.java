package dev.gatehouse.policy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected values follow the API server's RequestInfoFactory; '-' stands for null. */
class KubernetesRequestTests {

    @ParameterizedTest(name = "{0} {1}?{2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # method | path | query | verb | group | version | resource | subresource | namespace | name
            GET    | /api/v1/namespaces/default/pods                  | -                  | list             | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/namespaces/default/pods/web-1            | -                  | get              | ''        | v1 | pods         | -           | default | web-1
            GET    | /api/v1/namespaces/default/pods                  | watch=true         | watch            | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/namespaces/default/pods                  | watch=1            | watch            | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/namespaces/default/pods                  | watch=false        | list             | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/namespaces/default/pods                  | watch=yes          | watch            | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/namespaces/default/pods                  | watch=0&watch=1    | list             | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/watch/namespaces/default/pods            | -                  | watch            | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/watch/namespaces/default/pods/web-1      | -                  | watch            | ''        | v1 | pods         | -           | default | web-1
            GET    | /api/v1/pods                                     | -                  | list             | ''        | v1 | pods         | -           | -       | -
            GET    | /api/v1/nodes/node-1                             | -                  | get              | ''        | v1 | nodes        | -           | -       | node-1
            HEAD   | /api/v1/nodes/node-1                             | -                  | get              | ''        | v1 | nodes        | -           | -       | node-1
            POST   | /api/v1/namespaces/default/pods                  | -                  | create           | ''        | v1 | pods         | -           | default | -
            PUT    | /api/v1/namespaces/default/pods/web-1            | -                  | update           | ''        | v1 | pods         | -           | default | web-1
            PATCH  | /api/v1/namespaces/default/pods/web-1            | -                  | patch            | ''        | v1 | pods         | -           | default | web-1
            DELETE | /api/v1/namespaces/default/pods/web-1            | -                  | delete           | ''        | v1 | pods         | -           | default | web-1
            DELETE | /api/v1/namespaces/default/pods                  | -                  | deletecollection | ''        | v1 | pods         | -           | default | -
            POST   | /api/v1/namespaces/default/pods/web-1/exec       | command=sh&stdin=1 | create           | ''        | v1 | pods         | exec        | default | web-1
            GET    | /api/v1/namespaces/default/pods/web-1/exec       | command=sh         | get              | ''        | v1 | pods         | exec        | default | web-1
            POST   | /api/v1/namespaces/default/pods/web-1/attach     | -                  | create           | ''        | v1 | pods         | attach      | default | web-1
            POST   | /api/v1/namespaces/default/pods/web-1/portforward | -                 | create           | ''        | v1 | pods         | portforward | default | web-1
            GET    | /api/v1/namespaces/default/pods/web-1/log        | follow=true        | get              | ''        | v1 | pods         | log         | default | web-1
            PUT    | /api/v1/namespaces/default/pods/web-1/status     | -                  | update           | ''        | v1 | pods         | status      | default | web-1
            GET    | /api/v1/namespaces/default/services/web:80/proxy/metrics | -          | get              | ''        | v1 | services     | proxy       | default | web:80
            GET    | /api/v1/proxy/namespaces/default/pods/web-1/x    | -                  | proxy            | ''        | v1 | pods         | -           | default | web-1
            GET    | /apis/apps/v1/namespaces/prod/deployments        | -                  | list             | apps      | v1 | deployments  | -           | prod    | -
            PATCH  | /apis/apps/v1/namespaces/prod/deployments/api/scale | -               | patch            | apps      | v1 | deployments  | scale       | prod    | api
            DELETE | /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/admin | -      | delete           | rbac.authorization.k8s.io | v1 | clusterrolebindings | - | - | admin
            GET    | /api/v1/namespaces                               | -                  | list             | ''        | v1 | namespaces   | -           | -       | -
            GET    | /api/v1/namespaces/kube-system                   | -                  | get              | ''        | v1 | namespaces   | -           | kube-system | kube-system
            DELETE | /api/v1/namespaces/kube-system                   | -                  | delete           | ''        | v1 | namespaces   | -           | kube-system | kube-system
            PUT    | /api/v1/namespaces/stuck/finalize                | -                  | update           | ''        | v1 | namespaces   | finalize    | stuck   | stuck
            PUT    | /api/v1/namespaces/stuck/status                  | -                  | update           | ''        | v1 | namespaces   | status      | stuck   | stuck
            GET    | /api/v1/namespaces/default/secrets               | fieldSelector=metadata.name%3Ddb | list | ''   | v1 | secrets      | -           | default | db
            GET    | /api/v1/namespaces/default/secrets               | fieldSelector=metadata.name!%3Ddb | list | ''  | v1 | secrets      | -           | default | -
            GET    | /api/v1/namespaces/default/pods/               | -                    | list             | ''        | v1 | pods         | -           | default | -
            GET    | /api/v1/namespaces/default/pods/a%41b            | -                  | get              | ''        | v1 | pods         | -           | default | aAb
            """)
    void readsResourceRequestsLikeTheApiServer(String method, String path, String query, String verb, String group,
                                              String version, String resource, String subresource, String namespace,
                                              String name) {
        // When the request is parsed
        KubernetesRequest request = KubernetesRequest.parse(method, path, query).orElseThrow();

        // Then it means what it means to RBAC
        assertThat(request).isEqualTo(new KubernetesRequest(verb, group, version, resource, subresource, namespace,
                name, true, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /version       | get
            GET  | /healthz       | get
            GET  | /openapi/v2    | get
            GET  | /apis          | get
            GET  | /apis/apps     | get
            GET  | /apis/apps/v1  | get
            GET  | /api           | get
            GET  | /api/v1        | get
            POST | /logs          | post
            """)
    void treatsDiscoveryAndHealthAsNonResourceRequests(String method, String path, String verb) {
        KubernetesRequest request = KubernetesRequest.parse(method, path, null).orElseThrow();

        assertThat(request).isEqualTo(new KubernetesRequest(verb, null, null, null, null, null, null, false, path));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET     | /api/v1//pods
            GET     | /api/v1/namespaces/../kube-system/secrets
            GET     | /api/v1/namespaces/./secrets
            GET     | /api/v1/namespaces/default/pods/a%2Fb
            GET     | /api/v1/namespaces/default/pods/%zz
            GET     | /api/v1/namespaces/default/pods/a%00b
            GET     | /api/v1/watch
            OPTIONS | /api/v1/namespaces/default/pods
            TRACE   | /api/v1/pods
            GET     | api/v1/pods
            """)
    void rejectsAnythingOdd(String method, String path) {
        assertThat(KubernetesRequest.parse(method, path, null)).isEqualTo(Optional.empty());
    }
}
