namespace Orchestrator.AI;
