#!/usr/bin/env bash
# The Gatehouse action's main step (action.yml). Inputs arrive as INPUT_* variables; the runner provides
# ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (permissions: id-token: write), GITHUB_ENV, GITHUB_PATH, RUNNER_TEMP.
# The token is never printed: gatehouse env --github-env registers it with ::add-mask:: before use.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLI_BIN="$HERE/../../cli/bin"
: "${INPUT_URL:?the url input is required}"
: "${RUNNER_TEMP:?RUNNER_TEMP is unset: this script runs on a GitHub Actions runner}"

jar="${GATEHOUSE_JAR:-${INPUT_JAR:-}}"
case "$jar" in
  https://*)
    curl -fsSL --retry 3 -o "$RUNNER_TEMP/gatehouse.jar" "$jar"
    jar="$RUNNER_TEMP/gatehouse.jar" ;;
  "")
    jar="$(ls "$HERE"/../../cli/target/gatehouse-cli-*-all.jar 2>/dev/null | head -1 || true)"
    if [ -z "$jar" ]; then
      echo "::group::Building the gatehouse CLI"
      (cd "$HERE/../.." && ./mvnw -B -q -pl cli -am package -DskipTests)
      echo "::endgroup::"
      jar="$(ls "$HERE"/../../cli/target/gatehouse-cli-*-all.jar | head -1)"
    fi ;;
esac
[ -f "$jar" ] || { echo "::error::no gatehouse jar at $jar"; exit 1; }
export GATEHOUSE_JAR="$jar"
{
  echo "GATEHOUSE_JAR=$jar"
  echo "GATEHOUSE_URL=$INPUT_URL"
  [ -z "${INPUT_LOG_KEY:-}" ] || echo "GATEHOUSE_LOG_KEY=$INPUT_LOG_KEY"
} >> "$GITHUB_ENV"
[ -z "${GITHUB_PATH:-}" ] || echo "$CLI_BIN" >> "$GITHUB_PATH"

"$CLI_BIN/gatehouse" login --url "$INPUT_URL" --audience "${INPUT_AUDIENCE:-gatehouse}"
read -r -a connections <<< "$(printf '%s' "${INPUT_CONNECTIONS:-}" | tr ',\n' '  ')"
if [ "${#connections[@]}" -gt 0 ]; then
  "$CLI_BIN/gatehouse" env --github-env "${connections[@]}"
fi
