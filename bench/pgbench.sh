#!/usr/bin/env bash
# pgbench directly against PostgreSQL, through pgbouncer, and through Gatehouse's PostgreSQL listener,
# same duration and clients, side by side (docs/architecture.md §9, issue 7). Starts the local stack (or reuses one),
# initialises pgbench's tables in the demo database (connection demo-db) directly, starts a pgbouncer
# (session pooling) in front of the same server, then runs for each workload:
#   select-only  pgbench -S           (reads: the demo policy audits them async)
#   tpcb         pgbench (TPC-B-like) (writes: audited write-ahead, Kafka ack before each statement)
# with -M simple, extended and prepared, and prints TPS, mean latency and each ratio to direct/pgbouncer.
#   bench/pgbench.sh                         20 s per run, 8 clients, 2 threads, scale 1
#   DURATION=60 CLIENTS=16 bench/pgbench.sh
#   MODES="prepared" WORKLOADS="select-only" bench/pgbench.sh
#   REUSE_STACK=1 / NO_BUILD=1               see bench/lib/stack.sh
#   LATENCY1=0                               skip the 1-client latency figure (on by default)
#   BOUNCER_TLS=0                            pgbouncer without client TLS (by default it requires TLS,
#                                            as Gatehouse's listener does)
# Last, the added latency of one client (issue 16): pgbench -S -M prepared -c1 -j1 against each, the
# mean latency and Gatehouse's minus pgbouncer's and direct's (one statement per transaction).
# Client, proxy, pgbouncer and PostgreSQL share this machine's cores: read ratios, not absolute figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-20}"
CLIENTS="${CLIENTS:-8}"
THREADS="${THREADS:-2}"
SCALE="${SCALE:-1}"
MODES="${MODES:-simple extended prepared}"
WORKLOADS="${WORKLOADS:-select-only tpcb}"
PG_PORT=5433
BOUNCER_PORT="${BOUNCER_PORT:-6432}"
PROXY_PG_PORT=15432
DATABASE=demo

NAME=pgbench
. bench/lib/stack.sh

. deploy/local/java-home.sh
gatehouse_select_java
export PATH="$JAVA_HOME/bin:$PATH"

for tool in pgbench psql pgbouncer curl setsid; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install -y postgresql-client pgbouncer)"
done

stack_start

BOUNCER_DIR="$(mktemp -d -t gatehouse-pgbouncer.XXXXXX)"
BOUNCER_PID=""
stop_bouncer() {
  [ -n "$BOUNCER_PID" ] && kill "$BOUNCER_PID" 2>/dev/null || true
  rm -rf "$BOUNCER_DIR"
}
trap 'stop_bouncer; stack_finish' EXIT

export PGPASSWORD=postgres
direct="host=127.0.0.1 port=$PG_PORT dbname=$DATABASE user=postgres sslmode=disable"
echo "Initialising pgbench tables (scale $SCALE) in $DATABASE directly..."
pgbench -q -i -s "$SCALE" "$direct" >/dev/null
# The vault mints each Gatehouse session a role in the demo group: let that group run pgbench.
psql -q "$direct" -c "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO demo_agent" >/dev/null

# pgbouncer as the usual reference: session pooling (Debian's 1.18 cannot keep -M prepared statements
# in transaction pooling), pool as large as the client count.
cat >"$BOUNCER_DIR/pgbouncer.ini" <<INI
[databases]
$DATABASE = host=127.0.0.1 port=$PG_PORT dbname=$DATABASE
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
auth_type = plain
auth_file = $BOUNCER_DIR/users.txt
pool_mode = session
default_pool_size = $CLIENTS
max_client_conn = 200
unix_socket_dir =
logfile = $BOUNCER_DIR/pgbouncer.log
pidfile = $BOUNCER_DIR/pgbouncer.pid
INI
# Gatehouse's listener takes clients over TLS only (the password is a bearer token), so the peer does
# the same work: pgbouncer requires TLS from its clients too (a throwaway self-signed certificate).
# BOUNCER_TLS=0 measures plain pgbouncer instead.
BOUNCER_SSLMODE=disable
if [ "${BOUNCER_TLS:-1}" = 1 ]; then
  command -v openssl >/dev/null || die "openssl is not installed (Debian: apt-get install -y openssl), or set BOUNCER_TLS=0"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout "$BOUNCER_DIR/tls.key" \
    -out "$BOUNCER_DIR/tls.crt" >/dev/null 2>&1 || die "openssl could not make pgbouncer's certificate"
  cat >>"$BOUNCER_DIR/pgbouncer.ini" <<INI
client_tls_sslmode = require
client_tls_key_file = $BOUNCER_DIR/tls.key
client_tls_cert_file = $BOUNCER_DIR/tls.crt
INI
  BOUNCER_SSLMODE=require
fi
echo '"postgres" "postgres"' >"$BOUNCER_DIR/users.txt"
# pgbouncer refuses to run as root unless told which user to become.
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$BOUNCER_DIR" 2>/dev/null && BOUNCER_USER=(-u postgres) || BOUNCER_USER=()
else
  BOUNCER_USER=()
fi
pgbouncer "${BOUNCER_USER[@]}" "$BOUNCER_DIR/pgbouncer.ini" >/dev/null 2>&1 &
BOUNCER_PID=$!
for _ in $(seq 1 50); do listening "$BOUNCER_PORT" && break; sleep 0.1; done
listening "$BOUNCER_PORT" || die "pgbouncer did not start (log: $BOUNCER_DIR/pgbouncer.log)"
bouncer="host=127.0.0.1 port=$BOUNCER_PORT dbname=$DATABASE user=postgres sslmode=$BOUNCER_SSLMODE"
echo "pgbouncer takes clients with sslmode=$BOUNCER_SSLMODE (BOUNCER_TLS=${BOUNCER_TLS:-1})"

agent_token() {
  timeout 30 deploy/local/token.sh repo:acme/app:ref:refs/heads/main repository=acme/app \
    || die "could not get a CI token from the local issuer (port 8090)"
}
gatehouse="host=127.0.0.1 port=$PROXY_PG_PORT dbname=demo-db user=pgbench sslmode=require"

# run LABEL CONNINFO PASSWORD ARGS... -> prints "tps latency_ms" (RUN_CLIENTS/RUN_THREADS override)
run() {
  local label="$1" conninfo="$2" password="$3"
  shift 3
  local out
  out="$(PGPASSWORD="$password" pgbench -n -c "${RUN_CLIENTS:-$CLIENTS}" -j "${RUN_THREADS:-$THREADS}" -T "$DURATION" "$@" "$conninfo" 2>&1)" \
    || die "$label: pgbench failed: $(echo "$out" | tail -5)"
  local tps lat failed
  tps="$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)"
  lat="$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' | head -1)"
  failed="$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' | head -1)"
  [ -n "$tps" ] || die "$label: no tps in pgbench output: $(echo "$out" | tail -5)"
  [ "${failed:-0}" = 0 ] || die "$label: $failed failed transactions"
  echo "$tps $lat"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "pgbench: $CLIENTS clients, $THREADS threads, ${DURATION} s per run, scale $SCALE, $(nproc) cores shared by all"
printf '%-12s %-9s %12s %12s %12s %10s %10s   %s\n' workload mode direct pgbouncer gatehouse "gh/direct" "gh/bouncer" "(tps; mean latency ms)"
for workload in $WORKLOADS; do
  case "$workload" in
    select-only) args=(-S) ;;
    tpcb) args=() ;;
    *) die "unknown workload $workload (select-only, tpcb)" ;;
  esac
  for mode in $MODES; do
    result="$(run "direct $workload $mode" "$direct" postgres "${args[@]}" -M "$mode")" || exit 1
    read -r d_tps d_lat <<<"$result"
    result="$(run "pgbouncer $workload $mode" "$bouncer" postgres "${args[@]}" -M "$mode")" || exit 1
    read -r b_tps b_lat <<<"$result"
    token="$(agent_token)" || exit 1
    result="$(run "gatehouse $workload $mode" "$gatehouse" "$token" "${args[@]}" -M "$mode")" || exit 1
    read -r g_tps g_lat <<<"$result"
    printf '%-12s %-9s %12s %12s %12s %10s %10s   %s / %s / %s ms\n' "$workload" "$mode" "$d_tps" "$b_tps" "$g_tps" \
      "$(ratio "$g_tps" "$d_tps")" "$(ratio "$g_tps" "$b_tps")" "$d_lat" "$b_lat" "$g_lat"
  done
done
if [ "${LATENCY1:-1}" = 1 ]; then
  export RUN_CLIENTS=1 RUN_THREADS=1
  read -r _ d_lat <<<"$(run "direct 1-client" "$direct" postgres -S -M prepared)"
  read -r _ b_lat <<<"$(run "pgbouncer 1-client" "$bouncer" postgres -S -M prepared)"
  token="$(agent_token)" || exit 1
  read -r g_tps g_lat <<<"$(run "gatehouse 1-client" "$gatehouse" "$token" -S -M prepared)"
  unset RUN_CLIENTS RUN_THREADS
  echo
  echo "1 client, -S -M prepared, mean latency ms: direct $d_lat, pgbouncer $b_lat, gatehouse $g_lat ($g_tps tps)"
  echo "LATENCY1 added_vs_direct_ms=$(awk -v g="$g_lat" -v d="$d_lat" 'BEGIN { printf "%.3f", g - d }')" \
    "added_vs_pgbouncer_ms=$(awk -v g="$g_lat" -v b="$b_lat" 'BEGIN { printf "%.3f", g - b }')"
fi
SUCCEEDED=1
