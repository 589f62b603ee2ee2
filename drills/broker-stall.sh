#!/usr/bin/env bash
# One Kafka broker frozen (SIGSTOP) for BROKER_STALL seconds (default 10), longer than the proxy's
# producer timeouts (2 s a request, 4 s in all): a network stall, not a crash. Then SIGCONT.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BROKER_STALL="${BROKER_STALL:-10}"
fault() {
  local name="kafka-$(( 1 + RANDOM % 3 ))"
  kill -STOP "$(pid_of "$name")"
  echo "  $(date +%T) SIGSTOP $name for ${BROKER_STALL}s"
  sleep "$BROKER_STALL"
  kill -CONT "$(pid_of "$name")"
  echo "  $(date +%T) SIGCONT $name"
}
run_drill broker-stall fault
