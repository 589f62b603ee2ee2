#!/bin/sh
# Registers the demo (like deploy/local's DemoSetup): the demo policy (connection demo-http -> demo-echo)
# and a bearer token for it in the vault. Runs once, after the services are healthy.
set -eu
token() {
  curl -fsS -u "seed:unused" -d grant_type=client_credentials -d "scope=$1" "$OIDC/gatehouse/token" \
    | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}
ADMIN=$(token admin)
sed -e "s#\${ECHO_URL}#http://demo-echo:8099#" -e "s#\${K8S_URL}#https://localhost:1#" -e "s#\${K8S_CA}#\"\"#" \
  /seed/demo-policy.yaml > /tmp/policy.yaml
curl -fsS -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/yaml' \
  --data-binary @/tmp/policy.yaml http://policy-service:8081/api/v1/policies >/dev/null
UPSTREAM="demo-upstream-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
curl -fsS -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"type\":\"BEARER\",\"secret\":\"$UPSTREAM\"}" http://credential-vault:8084/api/v1/secrets/demo-http >/dev/null
echo "Gatehouse demo seeded: connection demo-http -> http://demo-echo:8099"
