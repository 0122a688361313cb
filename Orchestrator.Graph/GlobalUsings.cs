global using Orchestrator.ServiceDefaults;
