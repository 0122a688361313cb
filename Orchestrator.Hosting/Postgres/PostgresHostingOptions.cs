using Microsoft.Extensions.Configuration;

namespace Orchestrator.Hosting.Postgres;

/// <summary>Settings of the AppHost's PostgreSQL, read from the <c>Orchestrator:Postgres</c> section.</summary>
public sealed class PostgresHostingOptions
{
    public const string SectionName = "Orchestrator:Postgres";

    /// <summary><c>auto</c> (default), <c>process</c> or <c>container</c>.</summary>
    public PostgresMode Mode { get; set; } = PostgresMode.Auto;

    /// <summary>Keep data across runs (default). Tests set false for a throwaway cluster.</summary>
    public bool Persistent { get; set; } = true;

    /// <summary>Overrides the data directory of process mode.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Overrides where the PostgreSQL binaries are looked up.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>TCP port of process mode; 0 (default) picks a free one at start.</summary>
    public int Port { get; set; }

    public static PostgresHostingOptions From(IConfiguration configuration)
    {
        var options = new PostgresHostingOptions();
        var section = configuration.GetSection(SectionName);
        if (section["Mode"] is { Length: > 0 } mode && !Enum.TryParse(mode, ignoreCase: true, out PostgresMode parsed))
        {
            throw new InvalidOperationException(
                $"{SectionName}:Mode is '{mode}'; use auto, process or container (e.g. --{SectionName}:Mode=process or Orchestrator__Postgres__Mode=process).");
        }

        section.Bind(options);
        if (options.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"{SectionName}:Port is {options.Port}; use 0 (pick a free port) or 1-65535.");
        }

        return options;
    }
}
