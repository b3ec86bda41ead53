using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Inference;

/// <summary>A request tensor that does not fit the model; the message names the tensor.</summary>
internal sealed class InvalidTensorException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public InvalidTensorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public InvalidTensorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public InvalidTensorException()
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status400BadRequest;

    /// <inheritdoc />
    public override string ErrorCode => "invalid_tensor";
}
