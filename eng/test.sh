#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, model, publish and integration).
# Extra arguments go to `dotnet test`, e.g. eng/test.sh --filter "FullyQualifiedName~Graph".
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/setup.sh

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
dotnet test Orchestrator.sln --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?

# One plain closing line, whatever the runner printed above.
trx="$(find "$results" -name '*.trx' | head -n1)"
if [ -n "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  echo "${passed:-0} passed, ${failed:-0} failed"
fi
exit "$status"
