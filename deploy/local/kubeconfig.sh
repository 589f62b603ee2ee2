#!/usr/bin/env bash
# Writes a kubeconfig for the local stack's demo cluster through Gatehouse (deploy/local/run.sh must be
# running): server https://localhost:16443/proxy/<connection> (the proxy's kubectl port), the proxy's
# certificate as the CA, and a CI-job token from the local issuer as the user's token. No plugin.
#   deploy/local/kubeconfig.sh [FILE] [CONNECTION]      (default ./gatehouse.kubeconfig, demo-k8s)
#   kubectl --kubeconfig gatehouse.kubeconfig get configmaps
# The certificate is read from the port itself (openssl): trust on first use, for the local stack only;
# elsewhere put the proxy's real CA in certificate-authority-data. The token expires: run this again.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FILE="${1:-gatehouse.kubeconfig}"
CONNECTION="${2:-demo-k8s}"
PORT="${GATEHOUSE_KUBERNETES_PORT:-16443}"
SUBJECT="${GATEHOUSE_SUBJECT:-repo:acme/app:ref:refs/heads/main}"

command -v openssl >/dev/null || { echo "kubeconfig.sh: openssl is needed to read the proxy's certificate" >&2; exit 1; }
CERT="$(openssl s_client -connect "localhost:$PORT" -servername localhost </dev/null 2>/dev/null \
  | openssl x509 2>/dev/null)" || true
[ -n "$CERT" ] || { echo "kubeconfig.sh: nothing answers TLS on localhost:$PORT; is deploy/local/run.sh running?" >&2; exit 1; }
TOKEN="$("$DIR/token.sh" "$SUBJECT" repository=acme/app workflow=demo run_id=1)"

umask 077
cat > "$FILE" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: gatehouse
  cluster:
    server: https://localhost:$PORT/proxy/$CONNECTION
    certificate-authority-data: $(printf '%s\n' "$CERT" | base64 | tr -d '\n')
users:
- name: ci-job
  user:
    token: $TOKEN
contexts:
- name: gatehouse
  context: {cluster: gatehouse, user: ci-job, namespace: default}
current-context: gatehouse
YAML
echo "kubeconfig.sh: wrote $FILE (kubectl --kubeconfig $FILE get configmaps)" >&2
