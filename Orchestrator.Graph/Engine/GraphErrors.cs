namespace Orchestrator.Graph.Engine;

/// <summary>Base of the errors the engine raises for a run.</summary>
public class GraphException : Exception
{
    public GraphException()
    {
    }

    public GraphException(string message)
        : base(message)
    {
    }

    public GraphException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A write that a channel cannot accept (several values for a last-value key, an unknown key, a bad message).</summary>
public sealed class InvalidUpdateException : GraphException
{
    public InvalidUpdateException()
    {
    }

    public InvalidUpdateException(string message)
        : base(message)
    {
    }

    public InvalidUpdateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The run took more super-steps than its recursion limit allows.</summary>
public sealed class GraphRecursionException : GraphException
{
    public GraphRecursionException()
    {
    }

    public GraphRecursionException(string message)
        : base(message)
    {
    }

    public GraphRecursionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A node failed after its retries; the writes of its sibling tasks are kept for the next attempt.</summary>
public sealed class GraphNodeException : GraphException
{
    public GraphNodeException()
    {
    }

    public GraphNodeException(string message)
        : base(message)
    {
    }

    public GraphNodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The node that failed.</summary>
    public string Node { get; init; } = "";
}

/// <summary>A node ran longer than its timeout.</summary>
public sealed class NodeTimeoutException : GraphException
{
    public NodeTimeoutException()
    {
    }

    public NodeTimeoutException(string message)
        : base(message)
    {
    }

    public NodeTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A command that cannot be applied (nothing to resume, an unknown interrupt id, an unknown goto node).</summary>
public sealed class InvalidCommandException : GraphException
{
    public InvalidCommandException()
    {
    }

    public InvalidCommandException(string message)
        : base(message)
    {
    }

    public InvalidCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A checkpoint cannot continue under the current version of the workflow (it has pending work for a node that was removed).</summary>
public sealed class CheckpointSchemaException : GraphException
{
    public CheckpointSchemaException()
    {
    }

    public CheckpointSchemaException(string message)
        : base(message)
    {
    }

    public CheckpointSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Raised by <see cref="NodeContext.Interrupt(System.Text.Json.JsonElement)"/> to pause a run; the engine catches it.
/// Node code must let it propagate.
/// </summary>
public sealed class GraphInterruptException : Exception
{
    public GraphInterruptException()
        : this([])
    {
    }

    public GraphInterruptException(string message)
        : base(message) => Interrupts = [];

    public GraphInterruptException(string message, Exception innerException)
        : base(message, innerException) => Interrupts = [];

    /// <summary>Creates the exception for the given interrupts.</summary>
    public GraphInterruptException(IReadOnlyList<Interrupt> interrupts)
        : base("The graph was interrupted and waits for a resume command.") => Interrupts = interrupts;

    /// <summary>The interrupts raised.</summary>
    public IReadOnlyList<Interrupt> Interrupts { get; }
}

/// <summary>The addressed checkpoint does not exist.</summary>
public sealed class CheckpointNotFoundException : GraphException
{
    public CheckpointNotFoundException()
    {
    }

    public CheckpointNotFoundException(string message)
        : base(message)
    {
    }

    public CheckpointNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
