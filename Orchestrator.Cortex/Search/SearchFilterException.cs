namespace Orchestrator.Cortex.Search;

/// <summary>A search request that is malformed: a bad filter, an unknown column, a bad limit.</summary>
public sealed class SearchRequestException : Exception
{
    public SearchRequestException() { }

    public SearchRequestException(string message) : base(message) { }

    public SearchRequestException(string message, Exception innerException) : base(message, innerException) { }
}
