#!/usr/bin/env bash
# Installs the Node packages the Graph tests and benchmark run: the official LangGraph JS SDK
# (Orchestrator.Tests/Graph/sdk) and LangGraph.js with its PostgreSQL checkpointer (bench/Graph.Bench/js).
# Idempotent: a folder whose node_modules matches its lock file is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v npm >/dev/null || { echo "npm is required (Debian/Ubuntu: apt-get install -y nodejs npm)" >&2; exit 1; }
for dir in "$root/Orchestrator.Tests/Graph/sdk" "$root/bench/Graph.Bench/js"; do
  cd "$dir"
  if [[ -f package-lock.json && -f node_modules/.package-lock.json ]] && cmp -s <(sed -n '/"packages"/,$p' package-lock.json | sed 1d) <(sed -n '/"packages"/,$p' node_modules/.package-lock.json | sed 1d); then
    echo "up to date: $dir"
    continue
  fi
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
  echo "installed: $dir"
done
