#!/usr/bin/env bash
# Measures the local run: seconds from launching the AppHost to agentcore's /health answering 200
# (agentcore waits for graph, cortex and the databases, so that is "all resources healthy"), then
# the latency of the first two questions asked (the first pays for anything a service does lazily), and
# each service's resident memory 20 s later with no traffic. Run it twice: the second run is warm.
# Needs a built solution (dotnet build) and port 8080 free.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s.%N)
dotnet run --project Orchestrator.AppHost --launch-profile http --no-build > "${TMPDIR:-/tmp}/measure-startup.log" 2>&1 &
until curl -sf -m 2 http://localhost:8080/health >/dev/null 2>&1; do sleep 0.2; done
echo "healthy after $(echo "$(date +%s.%N) - $start" | bc) s"
for question in first second; do
  seconds=$(curl -s -o /dev/null -w '%{time_total}' -m 60 -H 'Content-Type: application/json' \
    -d '{"prompt": "What is the total revenue?"}' http://localhost:8080/invocations)
  echo "$question question answered in $seconds s"
done
sleep 20
for service in Cortex Graph AgentCore; do
  pid=$(pgrep -f "Orchestrator.$service/bin/Debug/net10.0/Orchestrator.$service" | head -n1)
  echo "$service idle RSS: $(( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") / 1024 )) MB"
done
# Stop the AppHost itself (dotnet run does not forward signals to it); it stops the services and PostgreSQL.
# A run must not leave them behind: the next one would find this agentcore still answering on 8080.
apphost="Orchestrator.AppHost/bin/Debug/net10.0/Orchestrator.AppHost"
pkill -TERM -f "$apphost" || true
for _ in $(seq 150); do pgrep -f "$apphost" >/dev/null || break; sleep 0.2; done
pkill -KILL -f "$apphost" || true
for _ in $(seq 150); do pgrep -f "Orchestrator\.(AgentCore|Graph|Cortex)/bin/Debug" >/dev/null || break; sleep 0.2; done
wait 2>/dev/null || true
