using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Batching;

/// <summary>The model's queue is full; the client should retry after <see cref="RetryAfter"/>.</summary>
internal sealed class QueueFullException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public QueueFullException(string model, int queueLength, TimeSpan retryAfter)
        : base($"model {model} is overloaded: {queueLength} requests are already waiting; retry later")
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception with no message.</summary>
    public QueueFullException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public QueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public QueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status429TooManyRequests;

    /// <inheritdoc />
    public override string ErrorCode => "rate_limit_exceeded";

    /// <inheritdoc />
    public override TimeSpan? RetryAfter { get; } = TimeSpan.FromSeconds(1);
}
