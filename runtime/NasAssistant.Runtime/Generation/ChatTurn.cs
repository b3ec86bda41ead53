namespace NasAssistant.Runtime.Generation;

/// <summary>One message of a chat prompt as the generator sees it.</summary>
/// <param name="Role">system, user or assistant.</param>
/// <param name="Content">The message text.</param>
internal sealed record ChatTurn(string Role, string Content);
