package dev.gatehouse.local;

import java.time.Duration;

/** The copy-paste examples printed once the local stack is up. */
final class Banner {

    private Banner() {
    }

    static String text(Duration startup) {
        return """

                ==================================================================
                 Gatehouse is running (all services healthy in %.1f s)
                ==================================================================
                 edge-proxy        http://localhost:8080   PostgreSQL listener localhost:15432   SSH localhost:2222
                                                           MySQL listener localhost:13306        kubectl https://localhost:16443
                 policy-service    http://localhost:8081
                 approval-service  http://localhost:8082
                 audit-service     http://localhost:8083   (dashboard: http://localhost:8083/dashboard)
                 credential-vault  http://localhost:8084
                 OIDC issuer       http://localhost:8090/ci (CI jobs)  /gatehouse (people, services)
                 Kafka 127.0.0.1:9092   PostgreSQL 127.0.0.1:5433   demo echo target 127.0.0.1:8099
                 kubectl port      https://localhost:16443  demo Kubernetes cluster https://localhost:6443

                 Try it (in another terminal, from the repository root):

                   TOKEN=$(deploy/local/token.sh repo:acme/app:ref:refs/heads/main repository=acme/app)
                   curl -i -H "Authorization: Bearer $TOKEN" http://localhost:8080/proxy/demo-http/hello
                   curl -i -X DELETE -H "Authorization: Bearer $TOKEN" http://localhost:8080/proxy/demo-http/hello
                   curl -s -H "x-api-key: $TOKEN" -H 'Content-Type: application/json' http://localhost:8080/llm/demo-llm/v1/chat/completions \\
                     -d '{"model":"gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}'

                   # a write waits for a reviewer (approve it from another terminal):
                   curl -i -X POST -H "Authorization: Bearer $TOKEN" -d '{"sku":"demo"}' http://localhost:8080/proxy/demo-http/orders
                   REVIEWER=$(ISSUER=gatehouse deploy/local/token.sh carol groups=gatehouse-reviewer)
                   curl -s -H "Authorization: Bearer $REVIEWER" "http://localhost:8082/api/v1/approvals?status=PENDING"
                   curl -s -X POST -H "Authorization: Bearer $REVIEWER" -H 'Content-Type: application/json' \\
                        -d '{"comment":"ok"}' http://localhost:8082/api/v1/approvals/<id>/approve

                   # the demo database through the PostgreSQL listener (the token is the password):
                   PGPASSWORD=$TOKEN psql "host=localhost port=15432 dbname=demo-db user=ci-job sslmode=require"
                   # the demo MariaDB through the MySQL listener (when mariadbd is installed):
                   MYSQL_PWD=$TOKEN mariadb --ssl --enable-cleartext-plugin -h 127.0.0.1 -P 13306 -u ci-job -D demo-mysql

                   # the demo SSH host (when sshd is installed; the token is the password):
                   SSHPASS=$TOKEN sshpass -e ssh -p 2222 demo-ssh@localhost 'uptime; rm -rf /tmp/x'
                   # kubectl through Gatehouse to the demo cluster (an ordinary kubeconfig, no plugin):
                   deploy/local/kubeconfig.sh gatehouse.kubeconfig && export KUBECONFIG=$PWD/gatehouse.kubeconfig
                   kubectl create configmap demo --from-literal=mode=fast --dry-run=client -o yaml | kubectl apply --validate=false -f -
                   kubectl get configmaps; kubectl delete configmap demo   # denied: rule k8s-no-delete

                   AUDITOR=$(ISSUER=gatehouse deploy/local/token.sh alice groups=gatehouse-auditor)
                   curl -s -H "Authorization: Bearer $AUDITOR" "http://localhost:8083/api/v1/events?connection=demo-http"

                 Ctrl-C stops everything (data is not kept).
                """.formatted(startup.toMillis() / 1000.0);
    }
}
