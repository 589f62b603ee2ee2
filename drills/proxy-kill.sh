#!/usr/bin/env bash
# edge-proxy-1 killed (kill -9): its clients' connections fail until it is back; edge-proxy-2's clients
# see nothing (DrillCheck fails the drill if one of them was refused).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DRILL_SPARED=2
fault() { kill_and_await edge-proxy-1 28080; }
run_drill proxy-kill fault
