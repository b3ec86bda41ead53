using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Knowledge;

/// <summary>The knowledge base cannot embed right now: the model is loading, failed, or is not an embedding model.</summary>
internal sealed class KnowledgeUnavailableException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public KnowledgeUnavailableException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public KnowledgeUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public KnowledgeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    /// <inheritdoc />
    public override string ErrorCode => "model_not_ready";

    /// <inheritdoc />
    public override TimeSpan? RetryAfter => TimeSpan.FromSeconds(5);
}
