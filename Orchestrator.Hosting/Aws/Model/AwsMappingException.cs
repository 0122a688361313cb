namespace Orchestrator.Hosting.Aws.Model;

/// <summary>A resource or value of the application model has no AWS mapping.</summary>
public sealed class AwsMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsMappingException()
    {
    }

    /// <summary>Creates the exception with a message naming the resource.</summary>
    public AwsMappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AwsMappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
