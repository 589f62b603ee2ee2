#!/usr/bin/env bash
# Two of the three Kafka brokers killed (kill -9) at once: no write can reach two replicas, so the proxies
# must refuse (HTTP 503, PostgreSQL 57P03) rather than forward an action whose record is not safe; the
# cluster restarts both and service resumes.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault() {
  local spared=$(( 1 + RANDOM % 3 )) a b old_a old_b
  a=$(( spared % 3 + 1 )); b=$(( (spared + 1) % 3 + 1 ))
  old_a="$(pid_of "kafka-$a")"; old_b="$(pid_of "kafka-$b")"
  kill -9 "$old_a" "$old_b"
  echo "  $(date +%T) kill -9 kafka-$a and kafka-$b"
  await_back "kafka-$a" "$old_a"; await_back "kafka-$b" "$old_b"
  echo "  $(date +%T) both brokers are running again"
}
run_drill brokers-two-kill fault
