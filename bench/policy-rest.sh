#!/usr/bin/env bash
# REST round trip of a policy decision: starts the local stack (deploy/local/run.sh: embedded
# PostgreSQL, Kafka and OIDC issuer, demo policy), gets the edge-proxy's service token, then drives
# POST /api/v1/decisions on the policy-service (port 8081) with wrk, and stops the stack.
#   bench/policy-rest.sh                      warm-up 10 s, then 20 s with 2 threads, 16 connections
#   DURATION=60s CONNECTIONS=32 bench/policy-rest.sh
#   REUSE_STACK=1 bench/policy-rest.sh        measure a stack that is already running (left running)
#   NO_BUILD=1 bench/policy-rest.sh           run the jar deploy/local/target holds, even if stale (no Maven),
#                                             with STACK_JAVA_OPTS (default: run.sh's C1-only, SerialGC flags);
#                                             STACK_JAR=path picks another jar (a copy a rebuild cannot overwrite)
# Every figure includes HTTP, JSON and the bearer token's signature check, not just the decision.
# wrk and the stack share the machine's cores: read the result with `nproc` next to it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
POLICY_URL="${POLICY_URL:-http://localhost:8081}"
LUA="$ROOT/bench/policy-decision.lua"
BODY='{"identity":{"issuer":"http://localhost:8090/ci","subject":"repo:acme/app:ref:refs/heads/main","claims":{"repository":"acme/app","ref":"refs/heads/main"}},"operation":{"connection":"demo-http","protocol":"HTTP","method":"GET","path":"/items/7"}}'

NAME=policy-rest
. bench/lib/stack.sh

. deploy/local/java-home.sh
gatehouse_select_java
# java-home.sh keeps a preset JAVA_HOME without putting it on PATH, and run.sh starts plain `java`.
export PATH="$JAVA_HOME/bin:$PATH"

for tool in wrk curl setsid; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install -y ${tool/setsid/util-linux})"
done

stack_start

# The local issuer's tokens live 5 minutes: one per wrk run keeps long runs valid.
proxy_token() {
  local token
  token="$(ISSUER=gatehouse timeout 30 deploy/local/token.sh gatehouse-edge-proxy groups=gatehouse-proxy)" \
    || die "could not get a service token from the local issuer (port 8090)"
  [ -n "$token" ] || die "token.sh printed no token"
  printf '%s' "$token"
}

TOKEN="$(proxy_token)" || exit 1
CHECK="$(curl -sS --max-time 10 -w '\n%{http_code}' -X POST "$POLICY_URL/api/v1/decisions" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY")" \
  || die "the policy-service at $POLICY_URL did not answer"
STATUS="${CHECK##*$'\n'}"
DECISION="${CHECK%$'\n'*}"
[ "$STATUS" = 200 ] || die "POST /api/v1/decisions answered $STATUS, not 200: $DECISION"
grep -q '"verdict":"ALLOW"' <<<"$DECISION" || die "the demo request was not allowed: $DECISION"
echo "Decision: $DECISION"

seconds() { # a wrk duration (20s, 2m, 1h, 30) in seconds
  case "$1" in
    *[0-9]s) echo "${1%s}" ;; *[0-9]m) echo $(( ${1%m} * 60 )) ;; *[0-9]h) echo $(( ${1%h} * 3600 )) ;;
    *[!0-9]*|'') die "bad duration '$1' (use e.g. 20s, 2m)" ;; *) echo "$1" ;;
  esac
}

run_wrk() { # duration, label
  local out token limit
  limit="$(seconds "$1")" || exit 1
  [ "$limit" -le 280 ] || die "$2: $1 is longer than the 5-minute life of the local issuer's tokens"
  token="$(proxy_token)" || exit 1
  echo
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $2: wrk -t$THREADS -c$CONNECTIONS -d$1 --latency ($(nproc) cores shared by wrk and the stack)"
  out="$(TOKEN="$token" timeout $(( limit + 60 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" \
    --timeout 5s --latency -s "$LUA" "$POLICY_URL" 2>&1)" || die "wrk failed: $out"
  echo "$out"
  grep -q '^RESULT .* errors=0 ' <<<"$out" || die "$2 had errors or non-2xx answers (see above)"
}

case "$WARMUP" in ''|0|0s) ;; *) run_wrk "$WARMUP" "warm-up (JIT), not a figure" ;; esac
run_wrk "$DURATION" "measurement"
SUCCEEDED=1
