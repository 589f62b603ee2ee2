package dev.gatehouse.proxy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesActionTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "DELETE | /api/v1/namespaces/staging/configmaps/review-me | -                  | delete configmaps review-me -n staging",
            "DELETE | /apis/apps/v1/namespaces/prod/deployments     | -                  | deletecollection deployments -n prod",
            "GET    | /api/v1/namespaces/default/pods                | watch=true         | watch pods -n default",
            "GET    | /api/v1/nodes                                  | -                  | list nodes",
            "PATCH  | /apis/apps/v1/namespaces/a/deployments/web     | -                  | patch deployments web -n a",
            "GET    | /api/v1/namespaces/default/pods/web/exec       | command=rm&command=-rf&command=%2Fdata&stdout=true | get pods/exec web -n default -- rm -rf /data",
            "GET    | /version                                       | -                  | GET /version"})
    void aRequestIsDescribedAsTheKubernetesActionItIs(String method, String path, String query, String described) {
        assertThat(KubernetesAction.describe(method, path, query)).isEqualTo(described);
    }
}
