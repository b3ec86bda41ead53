namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>Tokens the request used (special tokens included).</summary>
internal sealed record EmbeddingUsage(int PromptTokens, int TotalTokens);
