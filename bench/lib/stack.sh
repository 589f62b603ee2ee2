# Sourced by the end-to-end benchmarks: starts deploy/local/run.sh (or reuses a running stack) and
# stops it on exit. The caller sets NAME (its name in messages) and may set:
#   REUSE_STACK=1    measure a stack that is already running (left running)
#   NO_BUILD=1       run the jar deploy/local/target holds, even if stale (no Maven), with STACK_JAVA_OPTS;
#                    STACK_JAR=path picks another jar (a copy a rebuild cannot overwrite)
#   READY_TIMEOUT    seconds to wait for the banner (300)
# After `stack_start`, the stack answers on the ports of docs/architecture.md §7.

READY_TIMEOUT="${READY_TIMEOUT:-300}"
REUSE_STACK="${REUSE_STACK:-0}"
NO_BUILD="${NO_BUILD:-0}"
# run.sh's flags, tuned for a fast start on 2 cores: C1 only, so slower steady state than production.
STACK_JAVA_OPTS="${STACK_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"

die() { echo "$NAME: $*" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

STACK_PID=""
STACK_LOG=""
SUCCEEDED=0

stack_stop() {
  [ -n "$STACK_PID" ] || return 0
  echo "Stopping the stack (process group $STACK_PID)..."
  # run.sh was started in its own process group: this reaches a build's Maven as well as the JVM.
  kill -TERM -- "-$STACK_PID" 2>/dev/null || kill -TERM "$STACK_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$STACK_PID" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$STACK_PID" 2>/dev/null; then
    echo "$NAME: the stack did not stop in 30 s; killing it" >&2
    kill -KILL -- "-$STACK_PID" 2>/dev/null || kill -KILL "$STACK_PID" 2>/dev/null || true
  fi
  wait "$STACK_PID" 2>/dev/null || true
  STACK_PID=""
}

stack_finish() {
  stack_stop
  # The stack's log is kept when something went wrong, for the reader of the error.
  if [ "$SUCCEEDED" = 1 ] && [ -n "$STACK_LOG" ]; then rm -f "$STACK_LOG"; fi
}

stack_start() {
  trap stack_finish EXIT
  trap 'exit 130' INT TERM
  if [ "$REUSE_STACK" = 1 ]; then
    listening 8080 || die "REUSE_STACK=1 but nothing listens on 8080; start deploy/local/run.sh first"
    return 0
  fi
  for port in 8080 8081 8082 8083 8084 8090 8099 5433 9092 15432; do
    listening "$port" && die "port $port is in use: another Gatehouse stack (or something else) is running; stop it or use REUSE_STACK=1"
  done
  STACK_LOG="$(mktemp -t "gatehouse-$NAME.XXXXXX.log")"
  if [ "$NO_BUILD" = 1 ]; then
    local jar="${STACK_JAR:-$(ls deploy/local/target/local-stack-*-exec.jar 2>/dev/null | head -1 || true)}"
    [ -f "$jar" ] || die "NO_BUILD=1 but there is no local-stack jar (${jar:-deploy/local/target}); run deploy/local/run.sh once"
    echo "Starting $jar with $STACK_JAVA_OPTS (log: $STACK_LOG)..."
    # shellcheck disable=SC2086 # the options are words
    setsid "$JAVA_HOME/bin/java" $STACK_JAVA_OPTS -jar "$jar" >"$STACK_LOG" 2>&1 &
  else
    echo "Starting deploy/local/run.sh (log: $STACK_LOG)..."
    setsid deploy/local/run.sh >"$STACK_LOG" 2>&1 &
  fi
  STACK_PID=$!
  # setsid made run.sh a group leader, so stack_stop can signal the group; if not, only the process.
  [ "$(ps -o pgid= -p "$STACK_PID" | tr -d ' ')" = "$STACK_PID" ] || echo "$NAME: run.sh is not a process group leader; stopping will signal only it" >&2
  local start
  start=$(date +%s)
  until grep -q "Gatehouse is running" "$STACK_LOG"; do
    if ! kill -0 "$STACK_PID" 2>/dev/null; then
      STACK_PID=""
      tail -40 "$STACK_LOG" >&2
      die "run.sh exited before the stack was ready (log above, full log in $STACK_LOG)"
    fi
    if [ $(( $(date +%s) - start )) -ge "$READY_TIMEOUT" ]; then
      tail -40 "$STACK_LOG" >&2
      die "the stack was not ready after $READY_TIMEOUT s (READY_TIMEOUT); log in $STACK_LOG"
    fi
    sleep 1
  done
  grep -m1 "Gatehouse is running" "$STACK_LOG"
}
