using Microsoft.ML.OnnxRuntime;

namespace NasAssistant.Runtime.Inference;

/// <summary>Reads the native error code of an <see cref="OnnxRuntimeException"/>.</summary>
internal static class OrtErrors
{
    // ONNX Runtime's C# API keeps the exception's ErrorCode internal; its constructor writes the code's name as this
    // fixed prefix of the message, the one public place the code appears.
    private const string InvalidArgumentPrefix = "[ErrorCode:InvalidArgument]";

    /// <summary>Whether ONNX Runtime refused the call's arguments (ORT_INVALID_ARGUMENT), rather than failing itself.</summary>
    public static bool IsInvalidArgument(OnnxRuntimeException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Message.StartsWith(InvalidArgumentPrefix, StringComparison.Ordinal);
    }
}
