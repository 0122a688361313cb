#!/usr/bin/env bash
# Installs the Node packages the Graph tests and benchmark run: the official LangGraph JS SDK
# (Orchestrator.Tests/Graph/sdk) and LangGraph.js with its PostgreSQL checkpointer (bench/Graph.Bench/js).
# Idempotent: a folder already installed from the same package.json and lock file is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v npm >/dev/null || { echo "npm is required (Debian/Ubuntu: apt-get install -y nodejs npm)" >&2; exit 1; }
for dir in "$root/Orchestrator.Tests/Graph/sdk" "$root/bench/Graph.Bench/js"; do
  cd "$dir"
  stamp="node_modules/.installed-from"
  want="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "up to date: $dir"
    continue
  fi
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
  cat package.json package-lock.json | sha256sum | cut -d' ' -f1 > "$stamp"
  echo "installed: $dir"
done
