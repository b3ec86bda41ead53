namespace NasAssistant.Gateway.Tests.Fakes.Webhooks;

/// <summary>A message the bot sent through the platform's API.</summary>
/// <param name="To">Who or where it went: the platform's user or chat id.</param>
/// <param name="Text">Its text, as the platform would show it.</param>
/// <param name="Thread">The thread it answered in, where the platform has threads.</param>
public sealed record PlatformReply(string To, string Text, string? Thread = null);
