using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Generation;

/// <summary>The prompt leaves no room in the model's context for even one token of reply.</summary>
internal sealed class PromptTooLongException : ApiException
{
    /// <summary>Creates the exception for a prompt of <paramref name="promptTokens"/> tokens.</summary>
    public PromptTooLongException(int promptTokens, int contextLength)
        : base($"the prompt is {promptTokens} tokens long but the model's context holds {contextLength} tokens of prompt and reply")
    {
        PromptTokens = promptTokens;
        ContextLength = contextLength;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public PromptTooLongException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PromptTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public PromptTooLongException()
    {
    }

    /// <summary>Tokens of the prompt.</summary>
    public int PromptTokens { get; }

    /// <summary>Tokens of prompt plus reply the model holds.</summary>
    public int ContextLength { get; }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status400BadRequest;

    /// <inheritdoc />
    public override string ErrorCode => "context_length_exceeded";

    /// <inheritdoc />
    public override string? Param => "messages";
}
