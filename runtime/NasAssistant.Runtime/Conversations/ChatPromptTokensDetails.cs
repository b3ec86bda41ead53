namespace NasAssistant.Runtime.Conversations;

/// <summary>Prompt tokens served from the key/value cache of the previous turn.</summary>
internal sealed record ChatPromptTokensDetails(int CachedTokens);
