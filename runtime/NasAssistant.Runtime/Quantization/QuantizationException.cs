namespace NasAssistant.Runtime.Quantization;

/// <summary>A model cannot be quantized or written (not ONNX, nothing to quantize, unsafe paths); the message says why.</summary>
internal sealed class QuantizationException : Exception
{
    /// <summary>What to do instead for a chat model, which the runtime and the init step both refuse to quantize.</summary>
    public const string ChatModelsAdvice = Config.RuntimeConfigValidator.ChatModelsAdvice;

    /// <summary>Creates the exception.</summary>
    public QuantizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public QuantizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public QuantizationException()
    {
    }
}
