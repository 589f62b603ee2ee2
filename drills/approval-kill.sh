#!/usr/bin/env bash
# approval-service killed (kill -9) while the load keeps a write held for a reviewer: held writes wait or
# are refused, approved ones run once, nothing runs unapproved.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault() { kill_and_await approval-service 28082; }
run_drill approval-kill fault
