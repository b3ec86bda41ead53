namespace NasAssistant.Runtime.Conversations;

/// <summary>Token counts in OpenAI's shape.</summary>
internal sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens, ChatPromptTokensDetails PromptTokensDetails);
