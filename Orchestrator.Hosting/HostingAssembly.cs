namespace Orchestrator.Hosting;
