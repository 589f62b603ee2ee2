#!/usr/bin/env bash
# Starts deploy/local/run.sh, runs the README's curl walkthrough against it, and stops it.
# Used by CI so the "second command" keeps working from a clean clone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LOG="$(mktemp -t gatehouse-local.XXXXXX.log)"

deploy/local/run.sh >"$LOG" 2>&1 &
PID=$!
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap stop EXIT

START=$(date +%s)
until grep -q "Gatehouse is running" "$LOG"; do
  if ! kill -0 "$PID" 2>/dev/null; then echo "run.sh exited early:"; tail -50 "$LOG"; exit 1; fi
  if [ $(( $(date +%s) - START )) -gt 300 ]; then echo "run.sh not ready after 300 s:"; tail -50 "$LOG"; exit 1; fi
  sleep 1
done
grep "all services healthy" "$LOG"

fail() { echo "smoke: $*"; tail -30 "$LOG"; exit 1; }

TOKEN=$(deploy/local/token.sh repo:acme/app:ref:refs/heads/main repository=acme/app)
[ -n "$TOKEN" ] || fail "token.sh printed nothing"

OUT=$(curl -s -i -H "Authorization: Bearer $TOKEN" http://localhost:8080/proxy/demo-http/hello)
head -1 <<<"$OUT" | grep -q " 200" || fail "GET was not 200: $OUT"
grep -qi '^Gatehouse-Audit-Id:' <<<"$OUT" || fail "GET had no Gatehouse-Audit-Id"
grep -q '"authorizationScheme":"Bearer"' <<<"$OUT" || fail "target did not see an injected credential: $OUT"

OUT=$(curl -s -i -X DELETE -H "Authorization: Bearer $TOKEN" http://localhost:8080/proxy/demo-http/hello)
head -1 <<<"$OUT" | grep -q " 403" || fail "DELETE was not 403: $OUT"
grep -q '"ruleId":"deny-delete"' <<<"$OUT" || fail "DELETE refusal did not name the rule: $OUT"

OUT=$(curl -s -H "Authorization: Bearer $TOKEN" http://localhost:8080/proxy/demo-http/demo/leaky-config)
grep -q 'REDACTED:aws-access-key' <<<"$OUT" || fail "leaky response was not masked: $OUT"
grep -q 'AKIA4QZ7XK2M9PLR3TWN' <<<"$OUT" && fail "the AWS key reached the caller: $OUT"

# A write waits for a reviewer: ask for it asynchronously, approve it as a reviewer, run it once.
ORDER='{"sku":"demo"}'
OUT=$(curl -s -i -X POST -H "Authorization: Bearer $TOKEN" -H 'Prefer: respond-async' \
  -H 'Content-Type: application/json' -d "$ORDER" http://localhost:8080/proxy/demo-http/orders)
head -1 <<<"$OUT" | grep -q " 202" || fail "POST was not 202: $OUT"
grep -q '"ruleId":"review-writes"' <<<"$OUT" || fail "POST answer did not name the review rule: $OUT"
grep -q 'approval-pending' <<<"$OUT" || fail "POST answer was not approval-pending: $OUT"
ID=$(echo "$OUT" | awk -F': ' 'tolower($1)=="gatehouse-approval" {print $2}' | tr -d '\r')
[ -n "$ID" ] || fail "no Gatehouse-Approval header: $OUT"
REVIEWER=$(ISSUER=gatehouse deploy/local/token.sh carol groups=gatehouse-reviewer)
OUT=$(curl -s -H "Authorization: Bearer $REVIEWER" "http://localhost:8082/api/v1/approvals?status=PENDING")
grep -q "$ID" <<<"$OUT" || fail "the reviewer does not see approval $ID: $OUT"
OUT=$(curl -s -X POST -H "Authorization: Bearer $REVIEWER" -H 'Content-Type: application/json' \
  -d '{"comment":"one demo order is fine"}' "http://localhost:8082/api/v1/approvals/$ID/approve")
grep -q '"status":"APPROVED"' <<<"$OUT" || fail "approve did not approve: $OUT"
OUT=$(curl -s -H "Authorization: Bearer $TOKEN" "http://localhost:8080/approvals/$ID?wait=5s")
grep -q '"status":"APPROVED"' <<<"$OUT" || fail "the job does not see its approval: $OUT"
OUT=$(curl -s -i -X POST -H "Authorization: Bearer $TOKEN" -H "Gatehouse-Approval: $ID" \
  -H 'Content-Type: application/json' -d "$ORDER" http://localhost:8080/proxy/demo-http/orders)
head -1 <<<"$OUT" | grep -q " 200" || fail "the approved POST was not 200: $OUT"
grep -q '"method":"POST"' <<<"$OUT" || fail "the approved POST did not reach the target: $OUT"
OUT=$(curl -s -i -X POST -H "Authorization: Bearer $TOKEN" -H "Gatehouse-Approval: $ID" \
  -H 'Content-Type: application/json' -d "$ORDER" http://localhost:8080/proxy/demo-http/orders)
head -1 <<<"$OUT" | grep -q " 403" || fail "a one-time approval ran twice: $OUT"

OUT=$(curl -s -i http://localhost:8080/proxy/demo-http/hello)
head -1 <<<"$OUT" | grep -q " 401" || fail "no token was not 401: $OUT"

# An agent's model call (issue 22): the CI token as the SDK's key, the prompt's AWS key masked before it
# leaves (the provider double echoes nothing of it back), a model outside the demo rule refused.
LLM=http://localhost:8080/llm/demo-llm/v1/chat/completions
OUT=$(curl -s -i -H "x-api-key: $TOKEN" -H 'Content-Type: application/json' "$LLM" \
  -d '{"model":"gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"key AKIA4QZ7XK2M9PLR3TWN"}]}')
head -1 <<<"$OUT" | grep -q " 200" || fail "the model call was not 200: $OUT"
grep -q '"object":"chat.completion"' <<<"$OUT" || fail "the model call got no completion: $OUT"
OUT=$(curl -s -i -H "x-api-key: $TOKEN" -H 'Content-Type: application/json' "$LLM" \
  -d '{"model":"gpt-4o","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}')
head -1 <<<"$OUT" | grep -q " 403" || fail "a model outside the demo rule was not refused: $OUT"
grep -q '"ruleId":"deny-large-models"' <<<"$OUT" || fail "the model refusal did not name the rule: $OUT"

# An agent's MCP session with demo-mcp (issue 23): initialize, a DROP TABLE in the query tool's argument
# denied by the SQL rule before the server sees it, a read allowed, the file tool's AWS key masked.
MCP=http://localhost:8080/mcp/demo-mcp
mcp() { curl -s -i -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' ${MCP_SESSION:+-H "Mcp-Session-Id: $MCP_SESSION"} "$MCP" -d "$1"; }
OUT=$(mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"1"}}}')
head -1 <<<"$OUT" | grep -q " 200" || fail "MCP initialize was not 200: $OUT"
MCP_SESSION=$(echo "$OUT" | awk -F': ' 'tolower($1)=="mcp-session-id" {print $2}' | tr -d '\r')
[ -n "$MCP_SESSION" ] || fail "the demo MCP server gave no session: $OUT"
mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
OUT=$(mcp '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"query","arguments":{"query":"DROP TABLE users"}}}')
grep -q 'mcp-sql-no-ddl' <<<"$OUT" || fail "DROP TABLE in the query tool was not denied by mcp-sql-no-ddl: $OUT"
OUT=$(mcp '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"query","arguments":{"query":"SELECT count(*) FROM users"}}}')
grep -q '"text":"2' <<<"$OUT" || fail "the query tool did not count 2 users (the DROP must not have run): $OUT"
OUT=$(mcp '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"deploy.env"}}}')
grep -q 'REDACTED' <<<"$OUT" || fail "the file tool's AWS key was not masked: $OUT"
grep -q 'AKIAZ7Q4XK2M9PLR3DMO' <<<"$OUT" && fail "the AWS key reached the MCP client: $OUT"
# The MCP Inspector's CLI as the agent (deploy/test-tools.sh installs it from npm; skipped when missing).
if command -v mcp-inspector >/dev/null 2>&1; then
  INSPECT=(timeout 60 mcp-inspector --cli "$MCP" --transport http --header "Authorization: Bearer $TOKEN")
  OUT=$("${INSPECT[@]}" --method tools/list 2>&1) || fail "the MCP Inspector could not list demo-mcp's tools: $OUT"
  grep -q '"read_file"' <<<"$OUT" || fail "the MCP Inspector's tool list lacks read_file: $OUT"
  OUT=$("${INSPECT[@]}" --method tools/call --tool-name query --tool-arg 'query=DROP TABLE users' 2>&1) \
    && fail "the MCP Inspector's DROP TABLE was not refused: $OUT"
  grep -q 'mcp-sql-no-ddl' <<<"$OUT" || fail "the MCP Inspector's refusal did not name mcp-sql-no-ddl: $OUT"
else
  echo "smoke: mcp-inspector not installed (deploy/test-tools.sh installs it with npm): MCP Inspector steps skipped"
fi

# The demo database through the PostgreSQL listener: masked column, a denied DROP, the session goes on.
OUT=$(PGPASSWORD="$TOKEN" psql -X "host=localhost port=15432 dbname=demo-db user=ci-job sslmode=require" \
  -c "SELECT id, plan, api_key FROM users ORDER BY id" -c "DROP TABLE users" -c "SELECT count(*) AS n FROM users" 2>&1) || true
grep -q 'REDACTED:column' <<<"$OUT" || fail "api_key was not masked through the listener: $OUT"
grep -q 'ak_demo_' <<<"$OUT" && fail "an API key reached psql: $OUT"
grep -q 'db-no-destructive-ddl' <<<"$OUT" || fail "DROP TABLE was not denied by db-no-destructive-ddl: $OUT"
grep -Eq '^ +2$' <<<"$OUT" || fail "the statement after the denied DROP did not run: $OUT"

# The demo SSH host through the SSH listener (only when the stack has one: sshd and sshpass installed).
if grep -q "demo-ssh skipped" "$LOG" || ! command -v sshpass >/dev/null; then
  echo "smoke: SSH steps skipped (no sshd or sshpass)"
else
  KNOWN=$(mktemp)
  SSH=(sshpass -e ssh -p 2222 -F /dev/null -o UserKnownHostsFile="$KNOWN" -o StrictHostKeyChecking=accept-new
       -o PubkeyAuthentication=no -o LogLevel=ERROR demo-ssh@localhost)
  OUT=$(SSHPASS="$TOKEN" "${SSH[@]}" 'echo smoke-ssh-ok' 2>&1) || fail "an allowed SSH command failed: $OUT"
  grep -q 'smoke-ssh-ok' <<<"$OUT" || fail "the allowed SSH command's output is missing: $OUT"
  set +e
  OUT=$(SSHPASS="$TOKEN" "${SSH[@]}" 'echo leaked; rm -rf /tmp/gatehouse-smoke' 2>&1); CODE=$?
  set -e
  [ "$CODE" = 126 ] || fail "a disguised rm over SSH exited $CODE, not 126: $OUT"
  grep -q 'ssh-no-deletes' <<<"$OUT" || fail "the SSH refusal did not name ssh-no-deletes: $OUT"
  grep -q 'leaked' <<<"$OUT" && fail "part of a denied SSH command line ran: $OUT"
  # A forward the demo policy allows (ssh-forward-to-web), made by the host to the proxy's HTTP port; stdin stays
  # open 3 s so the request is answered first (Netty drops a connection whose input ends before it answers;
  # SshForwardIT holds it open the same way).
  OUT=$( (printf 'GET /actuator/health HTTP/1.0\r\n\r\n'; sleep 3) | SSHPASS="$TOKEN" timeout 30 "${SSH[@]}" \
    -W 127.0.0.1:8080 2>&1) || true
  grep -q '^HTTP/1' <<<"$OUT" || fail "the allowed SSH forward to 127.0.0.1:8080 did not answer: $OUT"
  set +e
  OUT=$(SSHPASS="$TOKEN" timeout 30 "${SSH[@]}" -W 127.0.0.1:15432 </dev/null 2>&1); CODE=$?
  set -e
  [ "$CODE" = 255 ] || fail "an SSH forward no rule allows exited $CODE, not 255: $OUT"
  rm -f "$KNOWN"
fi

# kubectl through the proxy's kubectl port to the demo cluster: apply, read, a denied delete (Status + rule),
# an allowed exec and a denied one, and an exec over kubectl's SPDY fallback.
if command -v kubectl >/dev/null 2>&1; then
  KUBECONFIG_FILE="$(mktemp -t gatehouse-kubeconfig.XXXXXX)"
  deploy/local/kubeconfig.sh "$KUBECONFIG_FILE" 2>/dev/null || fail "kubeconfig.sh failed"
  K() { kubectl --kubeconfig "$KUBECONFIG_FILE" --cache-dir "$KUBECONFIG_FILE.cache" --request-timeout 30s "$@" 2>&1; }
  OUT=$(printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: smoke}\ndata: {mode: fast}\n' \
    | K apply --validate=false -f -) || fail "kubectl apply failed: $OUT"
  OUT=$(K get configmap smoke -o jsonpath='{.data.mode}') || fail "kubectl get failed: $OUT"
  [ "$OUT" = "fast" ] || fail "kubectl get read '$OUT'"
  OUT=$(K delete configmap smoke) && fail "kubectl delete was not refused: $OUT"
  grep -q 'k8s-no-delete' <<<"$OUT" || fail "kubectl delete refusal did not name the rule: $OUT"
  # exec over WebSocket in the toolbox pod (allowed, recorded message by message), rm refused before any stream
  OUT=$(printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: toolbox}\nspec: {containers: [{name: main, image: busybox}]}\nstatus: {phase: Running}\n' \
    | K apply --validate=false -f -) || fail "kubectl apply of the toolbox pod failed: $OUT"
  OUT=$(K exec toolbox -- echo smoke-exec) || fail "kubectl exec failed: $OUT"
  grep -q 'smoke-exec' <<<"$OUT" || fail "kubectl exec printed '$OUT'"
  OUT=$(K exec toolbox -- rm -rf /data) && fail "kubectl exec of rm was not refused: $OUT"
  grep -q 'k8s-no-rm-in-exec' <<<"$OUT" || fail "kubectl exec refusal did not name the rule: $OUT"
  # kubectl's SPDY fallback: bridged on the kubectl port to the same WebSocket path and rules
  OUT=$(KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false K exec toolbox -- echo smoke-spdy) || fail "kubectl exec over SPDY failed: $OUT"
  grep -q 'smoke-spdy' <<<"$OUT" || fail "kubectl exec over SPDY printed '$OUT'"
  rm -rf "$KUBECONFIG_FILE" "$KUBECONFIG_FILE.cache"
else
  echo "smoke: kubectl not installed (Debian package kubernetes-client): Kubernetes steps skipped"
fi

ADMIN=$(ISSUER=gatehouse deploy/local/token.sh alice groups=gatehouse-admin)
OUT=$(curl -s -H "Authorization: Bearer $ADMIN" http://localhost:8081/api/v1/policies/active)
grep -q 'name: demo-http' <<<"$OUT" || fail "active policy does not declare demo-http: $OUT"
OUT=$(curl -s -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  http://localhost:8081/api/v1/decisions/explain -d '{"identity":{"issuer":"x","subject":"y",
  "claims":{"repository":"acme/app"}},"operation":{"connection":"demo-http","protocol":"HTTP","method":"DELETE","path":"/a"}}')
grep -q '"ruleId":"deny-delete"' <<<"$OUT" || fail "explain did not name deny-delete: $OUT"
grep -q 'method DELETE not in' <<<"$OUT" || fail "explain did not say why the allow rule did not match: $OUT"

AUDITOR=$(ISSUER=gatehouse deploy/local/token.sh alice groups=gatehouse-auditor)
for _ in $(seq 1 30); do
  EVENTS=$(curl -s -H "Authorization: Bearer $AUDITOR" "http://localhost:8083/api/v1/events?connection=demo-http")
  if grep -q '"RESPONSE"' <<<"$EVENTS" && grep -q '"DENY"'; then break; fi <<<"$EVENTS"
  sleep 1
done
grep -q '"RESPONSE"' <<<"$EVENTS" || fail "audit search has no RESPONSE event: $EVENTS"
grep -q '"DENY"' <<<"$EVENTS" || fail "audit search has no denial: $EVENTS"
grep -q 'acme/app' <<<"$EVENTS" || fail "audit events lack the repository claim: $EVENTS"

echo "smoke: README walkthrough passed against deploy/local/run.sh"
