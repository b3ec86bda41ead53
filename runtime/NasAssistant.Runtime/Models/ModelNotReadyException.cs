using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Models;

/// <summary>No model is served yet: it is still loading, or loading failed (the message says which).</summary>
internal sealed class ModelNotReadyException : ApiException
{
    /// <summary>Creates an exception with no message.</summary>
    public ModelNotReadyException()
    {
    }

    /// <summary>Creates the exception with the message the caller reads.</summary>
    public ModelNotReadyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message the caller reads and its cause.</summary>
    public ModelNotReadyException(string message, Exception innerException)
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
