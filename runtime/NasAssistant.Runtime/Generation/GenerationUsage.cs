namespace NasAssistant.Runtime.Generation;

/// <summary>Token counts of one reply.</summary>
/// <param name="PromptTokens">Tokens of the whole prompt.</param>
/// <param name="CompletionTokens">Tokens generated.</param>
/// <param name="CachedPromptTokens">Prompt tokens whose keys and values came from the previous turn's cache instead of being computed again.</param>
internal sealed record GenerationUsage(int PromptTokens, int CompletionTokens, int CachedPromptTokens);
