using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.AI.Prompts;

/// <summary>Gives the current version of a named prompt.</summary>
public interface IPromptCatalog
{
    /// <summary>
    /// The prompt from Langfuse at the configured label when Langfuse is configured and reachable,
    /// else the repository's local version. Never throws for Langfuse failures. Records the prompt's
    /// name and version on the current span.
    /// </summary>
    ValueTask<PromptTemplate> GetAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// Caches prompts from Langfuse with a TTL and stale-while-revalidate: a fresh entry is served as
/// is; a stale one is served at once while a single background fetch refreshes it; a failed fetch
/// falls back to the local version for a short while, so a Langfuse outage never fails a request.
/// </summary>
public sealed partial class PromptCatalog(
    LangfusePromptClient? langfuse,
    IOptions<PromptCatalogOptions> options,
    TimeProvider clock,
    ILogger<PromptCatalog> logger) : IPromptCatalog
{
    public const string PromptNameAttribute = "langfuse.observation.prompt.name";
    public const string PromptVersionAttribute = "langfuse.observation.prompt.version";

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public async ValueTask<PromptTemplate> GetAsync(string name, CancellationToken cancellationToken)
    {
        var template = await ResolveAsync(name, cancellationToken);
        Activity.Current?.SetTag(PromptNameAttribute, template.Name);
        Activity.Current?.SetTag(PromptVersionAttribute, template.Version);
        return template;
    }

    private async ValueTask<PromptTemplate> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        if (langfuse is null)
        {
            return LocalPrompts.Get(name);
        }

        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(name, out var entry))
        {
            if (now < entry.FreshUntil)
            {
                return entry.Template;
            }

            if (entry.TryClaimRefresh())
            {
                _ = Task.Run(() => FetchAsync(name, CancellationToken.None), CancellationToken.None);
            }

            return entry.Template;
        }

        return await FetchAsync(name, cancellationToken);
    }

    private async Task<PromptTemplate> FetchAsync(string name, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            var fetched = await langfuse!.GetAsync(name, settings.Label, cancellationToken);
            if (fetched is null)
            {
                LogNotInLangfuse(logger, name, settings.Label);
                return Store(name, LocalPrompts.Get(name), TimeSpan.FromSeconds(settings.CacheSeconds));
            }

            return Store(name, fetched, TimeSpan.FromSeconds(settings.CacheSeconds));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFallback(logger, name, ex.Message);
            // Keep serving the last good Langfuse version if there is one; else the local one.
            var fallback = _cache.TryGetValue(name, out var last) ? last.Template : LocalPrompts.Get(name);
            return Store(name, fallback, TimeSpan.FromSeconds(settings.RetryAfterFailureSeconds));
        }
    }

    private PromptTemplate Store(string name, PromptTemplate template, TimeSpan lifetime)
    {
        _cache[name] = new Entry(template, clock.GetUtcNow() + lifetime);
        return template;
    }

    private sealed class Entry(PromptTemplate template, DateTimeOffset freshUntil)
    {
        private int _refreshing;

        public PromptTemplate Template { get; } = template;

        public DateTimeOffset FreshUntil { get; } = freshUntil;

        public bool TryClaimRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prompt {Name} has no version labelled {Label} in Langfuse; using the local version")]
    private static partial void LogNotInLangfuse(ILogger logger, string name, string label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Langfuse prompt fetch for {Name} failed ({Reason}); using the last good or local version")]
    private static partial void LogFallback(ILogger logger, string name, string reason);
}
