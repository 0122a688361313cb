#!/usr/bin/env bash
# AgentCore's test clients: the official `openai` npm client and `playwright-core`, installed from the
# committed package-lock.json into Orchestrator.Tests/AgentCore/js/node_modules, and Debian's
# `chromium` for the headless playground test. Idempotent: does nothing when all are present.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup-agentcore] %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

js=Orchestrator.Tests/AgentCore/js
if [ -d "$js/node_modules/openai" ] && [ -d "$js/node_modules/playwright-core" ] \
   && [ "$js/node_modules/.package-lock.json" -nt "$js/package-lock.json" ]; then
  say "npm packages: present"
else
  say "installing npm packages in $js"
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -x /usr/bin/chromium ]; then
  say "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
elif command -v apt-get >/dev/null; then
  say "installing chromium"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
  say "install Chromium at /usr/bin/chromium for the playground test (no apt-get here)"
  exit 1
fi
