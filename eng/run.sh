#!/usr/bin/env bash
# Installs what is missing, then runs the whole application with the Aspire dashboard.
# The dashboard's login URL is printed below; agentcore answers on http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/setup.sh
exec dotnet run --project Orchestrator.AppHost --launch-profile http "$@"
