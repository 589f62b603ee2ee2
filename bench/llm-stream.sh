#!/usr/bin/env bash
# An agent's streamed model answer through Gatehouse's LLM route (token check, body inspection and prompt
# masking, policy decision, budget, write-ahead audit, vault key, answer masked event by event) against
# the same call straight to the provider double (deploy/local's demo-llm, port 8097), alternating:
#   bench/llm-stream.sh                    20 runs, 2,000-chunk answer, 256 KB prompt for the masking figure
#   RUNS=50 CHUNKS=5000 PROMPT_KB=1024 bench/llm-stream.sh
#   PAUSE_MS=200 bench/llm-stream.sh              wait between calls, as an agent does between model calls
#   REUSE_STACK=1 / NO_BUILD=1 / STACK_JAR=path   as for bench/http.sh (bench/lib/stack.sh)
# The double, the stack and the client share the machine's cores: compare within one run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-20}"
CHUNKS="${CHUNKS:-2000}"
PROMPT_KB="${PROMPT_KB:-256}"

NAME=llm-stream
. bench/lib/stack.sh
# the JDK first: stack_start runs the stack's jar with it when NO_BUILD or STACK_JAR skip the build
. deploy/local/java-home.sh
gatehouse_select_java
stack_start
TOKEN="$(deploy/local/token.sh repo:acme/app:ref:refs/heads/main repository=acme/app)"
"$JAVA_HOME/bin/java" bench/llm/LlmStream.java "$TOKEN" http://127.0.0.1:8097 http://127.0.0.1:8080/llm/demo-llm \
  "$RUNS" "$CHUNKS" "$PROMPT_KB" "${PAUSE_MS:-0}"
SUCCEEDED=1
