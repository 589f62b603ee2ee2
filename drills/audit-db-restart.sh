#!/usr/bin/env bash
# The services' PostgreSQL (the ledger's database; policy, vault and approval keep theirs there too)
# killed (kill -9) and restarted: it recovers from its WAL; the ledger resumes from Kafka.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault() {
  kill_and_await pg-services
  until curl -sf http://127.0.0.1:28083/actuator/health 2>/dev/null | grep -q '"UP"'; do sleep 0.5; done
  echo "  $(date +%T) audit-service is healthy again"
}
run_drill audit-db-restart fault
