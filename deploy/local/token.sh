#!/usr/bin/env bash
# Prints a JWT from the local OIDC issuer (deploy/local/run.sh must be running).
#   deploy/local/token.sh SUBJECT [CLAIM=VALUE ...]
# CI-job tokens by default (issuer http://localhost:8090/ci, audience gatehouse). For people and
# services use ISSUER=gatehouse (audience gatehouse-internal), e.g.
#   ISSUER=gatehouse deploy/local/token.sh alice groups=gatehouse-reviewer
# `groups` takes a comma-separated list. A development issuer: it mints whatever it is asked for.
set -euo pipefail
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
ISSUER="${ISSUER:-ci}"
BASE="${GATEHOUSE_OIDC:-http://localhost:8090}"
SUBJECT="$1"; shift

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

CLAIMS="{"
SEP=""
for pair in "$@"; do
  case "$pair" in
    *=*) ;;
    *) echo "token.sh: '$pair' is not CLAIM=VALUE" >&2; exit 2 ;;
  esac
  name="${pair%%=*}"; value="${pair#*=}"
  if [ "$name" = "groups" ]; then
    list=""; IFS=',' read -r -a items <<< "$value"
    for item in "${items[@]}"; do list="$list${list:+,}$(json_string "$item")"; done
    CLAIMS="$CLAIMS$SEP$(json_string "$name"):[$list]"
  else
    CLAIMS="$CLAIMS$SEP$(json_string "$name"):$(json_string "$value")"
  fi
  SEP=","
done
CLAIMS="$CLAIMS}"

RESPONSE="$(curl -sS --fail-with-body -X POST "$BASE/$ISSUER/token" \
  --data-urlencode grant_type=client_credentials \
  --data-urlencode client_id=local-dev \
  --data-urlencode client_secret=local-dev \
  --data-urlencode "subject=$SUBJECT" \
  --data-urlencode "claims=$CLAIMS")" || { echo "token.sh: the issuer at $BASE did not answer; is deploy/local/run.sh running?" >&2; exit 1; }
printf '%s\n' "$RESPONSE" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
