namespace NasAssistant.Runtime.Generation;

/// <summary>A loaded generative model that streams replies to chat prompts.</summary>
internal interface ITextGenerator : IDisposable
{
    /// <summary>Most tokens of prompt plus reply the model can hold.</summary>
    int ContextLength { get; }

    /// <summary>
    /// Generates a reply to <paramref name="messages"/>, yielding text as it is decoded. Cancelling
    /// <paramref name="cancellationToken"/> (a client that went away) stops generation at the next token.
    /// </summary>
    IAsyncEnumerable<GeneratedText> GenerateAsync(IReadOnlyList<ChatTurn> messages, GenerationSettings settings, CancellationToken cancellationToken);
}
