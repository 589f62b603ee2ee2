#!/usr/bin/env bash
# audit-service killed (kill -9) AUDIT_KILLS times in a row (default 10), each time once it is healthy
# again. The proxies need Kafka, not the ledger: nothing is refused; the ledger catches up from Kafka.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
AUDIT_KILLS="${AUDIT_KILLS:-10}"
fault() {
  local i
  for i in $(seq "$AUDIT_KILLS"); do kill_and_await audit-service 28083; done
}
run_drill audit-kill fault
