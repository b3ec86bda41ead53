using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>A request body that is not valid JSON, or not the JSON object the endpoint reads.</summary>
internal sealed class InvalidJsonException : ApiException
{
    /// <summary>Creates an exception with no message.</summary>
    public InvalidJsonException()
    {
    }

    /// <summary>Creates the exception with the message the caller reads.</summary>
    public InvalidJsonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message the caller reads and its cause.</summary>
    public InvalidJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status400BadRequest;

    /// <inheritdoc />
    public override string ErrorCode => "invalid_json";
}
