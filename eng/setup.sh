#!/usr/bin/env bash
# Installs what the orchestrator needs on a fresh machine that has only the .NET SDK, and nothing
# on a machine that is ready. Debian/Ubuntu first (apt-get); elsewhere it says what to install.
#   PostgreSQL 15+ server binaries (the AppHost runs PostgreSQL as a process when no container runtime exists)
#   the Aspire CLI, as a local dotnet tool pinned in dotnet-tools.json
#   Node.js and npm (the LangGraph and OpenAI JS clients used by tests, and AWS CDK synthesis)
#   further setup steps of individual areas: eng/setup-*.sh
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "cannot install $* automatically on this system (no apt-get); please install it and re-run."
    return 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

have_postgres() {
  local bindir
  bindir="$(pg_config --bindir 2>/dev/null || true)"
  [ -n "$bindir" ] && [ -x "$bindir/postgres" ] && [ -x "$bindir/initdb" ] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null
}

command -v dotnet >/dev/null || { say "the .NET SDK is required: https://dot.net/download"; exit 1; }

if have_postgres; then
  say "PostgreSQL binaries: present"
else
  say "installing PostgreSQL"
  # The orchestrator runs its own cluster; do not let the package create and start one on 5432.
  as_root mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | as_root tee /etc/postgresql-common/createcluster.conf >/dev/null
  apt_install postgresql
fi

if command -v node >/dev/null && command -v npm >/dev/null; then
  say "Node.js: $(node --version)"
else
  say "installing Node.js and npm"
  apt_install nodejs npm
fi

dotnet tool restore >/dev/null
say "Aspire CLI: $(dotnet aspire --version 2>/dev/null | head -n1 || echo restored)"

for step in eng/setup-*.sh; do
  [ -e "$step" ] || continue
  say "running $step"
  bash "$step"
done
