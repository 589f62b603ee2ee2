#!/usr/bin/env bash
# The Gatehouse end action (end/action.yml): the job's audit summary with receipts into the job summary,
# then logout (token and configs deleted). A failing summary warns but never hides the logout.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GATEHOUSE="$HERE/../../cli/bin/gatehouse"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$GATEHOUSE" summary --output "$GITHUB_STEP_SUMMARY" || echo "::warning::Gatehouse: no audit summary (see above)"
else
  "$GATEHOUSE" summary || true
fi
"$GATEHOUSE" logout
