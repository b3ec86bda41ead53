namespace NasAssistant.Runtime.Conversations;

/// <summary>Body of <c>POST /v1/sessions/{id}</c>.</summary>
internal sealed record TurnRequest(string? Role, string? Content);
