using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Batching;

/// <summary>The model is being unloaded and takes no new requests.</summary>
internal sealed class BatcherStoppedException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public BatcherStoppedException()
        : base("the model is shutting down")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatcherStoppedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public BatcherStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    /// <inheritdoc />
    public override string ErrorCode => "shutting_down";

    /// <inheritdoc />
    public override TimeSpan? RetryAfter => TimeSpan.FromSeconds(1);
}
