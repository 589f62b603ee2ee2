#!/usr/bin/env bash
# policy-service killed (kill -9). Decisions the proxies cached still apply; an action no cached decision
# covers is refused (fail closed) until policy-service is back.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fault() { kill_and_await policy-service 28081; }
run_drill policy-kill fault
