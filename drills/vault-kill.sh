#!/usr/bin/env bash
# credential-vault killed (kill -9). Leases the proxies hold keep working; a new session that needs a
# credential is refused until the vault is back.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault() { kill_and_await credential-vault 28084; }
run_drill vault-kill fault
