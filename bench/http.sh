#!/usr/bin/env bash
# The HTTP data path end to end: a CI job's GET through Gatehouse's edge-proxy (token check, policy
# decision, vault credential, write-ahead audit, response masking) against the same request through
# nginx as a plain reverse proxy (the peer) and straight to the demo echo target, in the same run.
#   bench/http.sh                       10 s warm-up + 20 s measured per target, 2 threads, 50 connections
#   DURATION=30s CONNECTIONS=32 bench/http.sh
#   TARGETS="gatehouse nginx" bench/http.sh
#   RATE=500 (default) then runs each target at about that many requests/s on RATE_CONNECTIONS (10)
#   connections and prints the p99 each adds over the target reached directly; RATE=0 skips it
#   REUSE_STACK=1 / NO_BUILD=1 / STACK_JAR=path   as for bench/policy-rest.sh (bench/lib/stack.sh)
# wrk, nginx and the whole stack share the machine's cores: compare ratios within one run, not figures
# across machines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
RATE="${RATE:-500}"
RATE_CONNECTIONS="${RATE_CONNECTIONS:-10}"
TARGETS="${TARGETS:-direct nginx gatehouse}"
NGINX_PORT="${NGINX_PORT:-8188}"
ECHO_PORT=8099
LUA="$ROOT/bench/http.lua"

NAME=http
. bench/lib/stack.sh

. deploy/local/java-home.sh
gatehouse_select_java
export PATH="$JAVA_HOME/bin:$PATH"

for tool in wrk curl nginx setsid; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install -y ${tool/setsid/util-linux})"
done

NGINX_DIR=""
stop_nginx() {
  [ -n "$NGINX_DIR" ] || return 0
  nginx -p "$NGINX_DIR" -c nginx.conf -s stop 2>/dev/null || true
  rm -rf "$NGINX_DIR"
}
finish() { stop_nginx; stack_finish; }

start_nginx() {
  NGINX_DIR="$(mktemp -d -t gatehouse-nginx.XXXXXX)"
  mkdir -p "$NGINX_DIR/logs"
  # A reverse proxy configured as one would for production: keep-alive to the upstream, no access log.
  cat >"$NGINX_DIR/nginx.conf" <<EOF
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream echo { server 127.0.0.1:$ECHO_PORT; keepalive 32; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://echo;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  nginx -p "$NGINX_DIR" -c nginx.conf || die "nginx did not start (config in $NGINX_DIR)"
}

stack_start
trap finish EXIT
listening "$NGINX_PORT" && die "port $NGINX_PORT is in use (NGINX_PORT)"
start_nginx

ci_token() { # the local issuer's tokens live 5 minutes: one per wrk run keeps long runs valid
  local token
  token="$(timeout 30 deploy/local/token.sh repo:acme/app:ref:refs/heads/main repository=acme/app)" \
    || die "could not get a CI token from the local issuer (port 8090)"
  [ -n "$token" ] || die "token.sh printed no token"
  printf '%s' "$token"
}

url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:$ECHO_PORT" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT" ;;
    gatehouse) echo "http://127.0.0.1:8080" ;;
    *) die "unknown target '$1' (TARGETS: direct, nginx, gatehouse)" ;;
  esac
}
path_of() { [ "$1" = gatehouse ] && echo /proxy/demo-http/items/7 || echo /items/7; }

seconds() { # a wrk duration (20s, 2m, 30) in seconds
  case "$1" in
    *[0-9]s) echo "${1%s}" ;; *[0-9]m) echo $(( ${1%m} * 60 )) ;;
    *[!0-9]*|'') die "bad duration '$1' (use e.g. 20s, 2m)" ;; *) echo "$1" ;;
  esac
}

TOKEN="$(ci_token)" || exit 1
CHECK="$(curl -sS --max-time 10 -o /dev/null -D - -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:8080/proxy/demo-http/items/7")" || die "the edge-proxy did not answer"
head -1 <<<"$CHECK" | grep -q ' 200' || die "GET through Gatehouse was not 200: $(echo "$CHECK" | head -1)"
grep -qi '^Gatehouse-Audit-Id:' <<<"$CHECK" || die "GET through Gatehouse carried no audit receipt"
curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/items/7" | grep -q 200 \
  || die "GET through nginx was not 200"

declare -A RESULT
run_wrk() { # target, duration, label [connections rate]
  local out token limit conns="${4:-$CONNECTIONS}" rate="${5:-0}" threads="$THREADS"
  [ "$conns" -ge "$threads" ] || threads="$conns"
  limit="$(seconds "$2")" || exit 1
  [ "$limit" -le 280 ] || die "$2 is longer than the 5-minute life of the local issuer's tokens"
  token=""
  [ "$1" = gatehouse ] && { token="$(ci_token)" || exit 1; }
  echo
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $1, $3: wrk -t$threads -c$conns -d$2 --latency $(url_of "$1")$(path_of "$1") ($(nproc) cores shared)"
  out="$(TOKEN="$token" TARGET_PATH="$(path_of "$1")" RATE="$rate" RATE_CONNECTIONS="$conns" \
    timeout $(( limit + 60 )) wrk -t"$threads" -c"$conns" -d"$2" --timeout 5s --latency -s "$LUA" \
    "$(url_of "$1")" 2>&1)" || die "wrk failed: $out"
  echo "$out"
  # A read error is the server closing the connection after a complete response (no keep-alive, wrk
  # reconnects): counted and shown, not a failure. Anything else is.
  grep -q '^RESULT .* connect=0 read=[0-9]* write=0 timeout=0 non2xx=0' <<<"$out" \
    || die "$1: failed connections, timeouts or non-2xx answers (see above)"
  if [ "$rate" = 0 ]; then RESULT[$1]="$(echo "$out" | grep '^RESULT ')"; else PACED[$1]="$(echo "$out" | grep '^RESULT ')"; fi
}
declare -A PACED

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

for target in $TARGETS; do
  case "$WARMUP" in ''|0|0s) ;; *) run_wrk "$target" "$WARMUP" "warm-up, not a figure" ;; esac
  run_wrk "$target" "$DURATION" "measured"
done

echo
echo "| target | requests/s | p50 ms | p99 ms | p99.9 ms | connections closed by the server |"
echo "|---|---:|---:|---:|---:|---:|"
for target in $TARGETS; do
  r="${RESULT[$target]}"
  echo "| $target | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" p999_ms) | $(field "$r" read) |"
done
if [ -n "${RESULT[gatehouse]:-}" ] && [ -n "${RESULT[nginx]:-}" ]; then
  awk -v g="$(field "${RESULT[gatehouse]}" rps)" -v n="$(field "${RESULT[nginx]}" rps)" \
    'BEGIN { printf "RATIO gatehouse/nginx requests/s = %.3f\n", g / n }'
fi

# Latency at a fixed, moderate load: what a proxy adds to each request when it is not saturated.
if [ "$RATE" != 0 ]; then
  for target in $TARGETS; do run_wrk "$target" "$DURATION" "paced at ~$RATE req/s" "$RATE_CONNECTIONS" "$RATE"; done
  echo
  echo "| target at ~$RATE req/s | requests/s | p50 ms | p99 ms | p99.9 ms |"
  echo "|---|---:|---:|---:|---:|"
  for target in $TARGETS; do
    r="${PACED[$target]}"
    echo "| $target | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" p999_ms) |"
  done
  if [ -n "${PACED[direct]:-}" ]; then
    for target in nginx gatehouse; do
      [ -n "${PACED[$target]:-}" ] || continue
      awk -v t="$(field "${PACED[$target]}" p99_ms)" -v d="$(field "${PACED[direct]}" p99_ms)" -v n="$target" \
        'BEGIN { printf "ADDED_P99 %s over direct at the paced rate = %.3f ms\n", n, t - d }'
    done
  fi
fi
SUCCEEDED=1
