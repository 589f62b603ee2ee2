#!/usr/bin/env bash
# Finds, or installs with apt-get, the real clients that `./mvnw -B verify` drives: curl, git, psql,
# pgbench, chromium, chromedriver, kubectl, the OpenSSH client and server, sshpass, mariadb and MariaDB's server
# (testkit's RequiredTool names the same ones when a test misses one).
# Prints one line per tool and checks the JDK the Maven wrapper will use. Idempotent: when everything is
# there it installs nothing and takes well under a second.
#   deploy/test-tools.sh           find, install what is missing (as root, or with sudo)
#   deploy/test-tools.sh --check   find only; exit 1 naming what is missing
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin" # sshd lives in sbin, which a non-root PATH may lack

check_only=false
[ "${1:-}" = "--check" ] && check_only=true

# tool  Debian package (pgbench ships with the server package, not with postgresql-client)
TOOLS="curl:curl git:git psql:postgresql-client pgbench:postgresql chromium:chromium chromedriver:chromium-driver ssh:openssh-client sshd:openssh-server sshpass:sshpass kubectl:kubernetes-client"
# the MySQL listener's tests start their own mariadbd (/usr/sbin) in a temp dir; mariadb-install-db prepares it
TOOLS="$TOOLS mariadb:mariadb-client mariadb-install-db:mariadb-server"

missing_packages() {
  local entry tool package out=()
  for entry in $TOOLS; do
    tool=${entry%%:*} package=${entry#*:}
    command -v "$tool" >/dev/null 2>&1 || out+=("$package")
  done
  echo "${out[@]:-}"
}

report() {
  local entry tool package path status=0
  for entry in $TOOLS; do
    tool=${entry%%:*} package=${entry#*:}
    if path=$(command -v "$tool" 2>/dev/null); then
      printf '%-13s %s\n' "$tool" "$path"
    else
      printf '%-13s MISSING (Debian package %s)\n' "$tool" "$package"
      status=1
    fi
  done
  return $status
}

# The JDK ./mvnw will run: JAVA_HOME's, else the first java on PATH (as the wrapper chooses).
check_java() {
  local java=java major
  [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
  major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
  case "$major" in ''|*[!0-9]*) major=0 ;; esac
  if [ "$major" -ge 21 ]; then
    printf '%-13s %s (Java %s)\n' "java" "$(command -v "$java" || echo "$java")" "$major"
  else
    printf '%-13s MISSING: ./mvnw needs a JDK >= 21 (found %s); set JAVA_HOME, or run:' "java" "${major/#0/none}"
    echo ' . deploy/local/java-home.sh && gatehouse_select_java && deploy/test-tools.sh && ./mvnw -B verify'
    return 1
  fi
}

install() {
  local packages=("$@") as_root=()
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "No apt-get here: install the tools marked MISSING with this system's package manager." >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Installing needs root (or sudo): apt-get install ${packages[*]}" >&2; return 1; }
    as_root=(sudo)
  fi
  # pgbench comes with the server package, whose first install would create and start a cluster: not wanted.
  if [[ " ${packages[*]} " == *" postgresql "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    "${as_root[@]}" mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | "${as_root[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  # openssh-server's and mariadb-server's postinst would start a system daemon: the tests start their own
  # on free ports. A policy-rc.d that forbids starting any, removed again afterwards when this script put it there.
  local own_policy=false
  if [[ " ${packages[*]} " == *" mariadb-server "* || " ${packages[*]} " == *" openssh-server "* ]] \
      && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${as_root[@]}" chmod +x /usr/sbin/policy-rc.d
    own_policy=true
  fi
  echo "Installing ${packages[*]} ..."
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 \
    apt-get install -y -qq -o Dpkg::Options::=--force-confold "${packages[@]}" >/dev/null
  if $own_policy; then
    "${as_root[@]}" rm -f /usr/sbin/policy-rc.d
  fi
}

java_ok=0
check_java || java_ok=1

read -r -a packages <<<"$(missing_packages)"
if [ ${#packages[@]} -gt 0 ] && ! $check_only; then
  install "${packages[@]}"
fi
# Optional, from npm: the MCP Inspector's CLI, which deploy/local/smoke.sh drives against demo-mcp when it
# is on PATH (a missing one skips that step and fails nothing).
INSPECTOR="@modelcontextprotocol/inspector@2.12.0"
if ! command -v mcp-inspector >/dev/null 2>&1 && ! $check_only && command -v npm >/dev/null 2>&1; then
  echo "Installing $INSPECTOR (npm) ..."
  npm_root=()
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && npm_root=(sudo)
  "${npm_root[@]}" npm install -g --no-audit --no-fund --loglevel=error "$INSPECTOR" >/dev/null \
    || echo "mcp-inspector could not be installed (npm); smoke.sh skips its MCP Inspector step" >&2
fi
printf '%-13s %s\n' "mcp-inspector" "$(command -v mcp-inspector || echo "not installed (optional: npm $INSPECTOR)")"

report && exit $java_ok
exit 1
