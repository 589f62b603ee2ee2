package dev.gatehouse.testkit;

/** The plugin-free kubeconfig deploy/local/kubeconfig.sh writes: one server, its CA, and the CI token as the user's. */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    /** {@code certificateAuthorityData}: the server's CA certificate, PEM, base64-encoded as kubeconfig keeps it. */
    public static String text(String server, String certificateAuthorityData, String token) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gatehouse
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: ci-job
                  user:
                    token: %s
                contexts:
                - name: gatehouse
                  context: {cluster: gatehouse, user: ci-job, namespace: default}
                current-context: gatehouse
                """.formatted(server, certificateAuthorityData, token);
    }
}
