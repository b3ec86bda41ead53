namespace NasAssistant.Runtime.Chat;

/// <summary>The <c>stream_options</c> of a chat request.</summary>
internal sealed record ChatStreamOptions
{
    /// <summary>Send a last chunk with token counts before <c>[DONE]</c>.</summary>
    public bool? IncludeUsage { get; init; }
}
