namespace NasAssistant.Runtime.Generation;

/// <summary>
/// One step of a streamed reply: the text decoded since the previous step. The last step carries
/// <see cref="Finish"/> and <see cref="Usage"/> (its text may be empty).
/// </summary>
internal sealed record GeneratedText(string Text, FinishReason? Finish = null, GenerationUsage? Usage = null);
