#!/usr/bin/env bash
# One Kafka broker killed (kill -9) under load; the cluster restarts it. Two replicas remain in sync, so
# every write-ahead event is still acknowledged: nothing refused, nothing lost.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault() { kill_and_await "kafka-$(( 1 + RANDOM % 3 ))"; }
run_drill broker-kill fault
