namespace NasAssistant.Gateway.Tests.Fakes.Telegram;

/// <summary>A message the bot sent through the fake (<c>sendMessage</c>).</summary>
public sealed record SentMessage(long ChatId, int MessageId, string Text, int? ReplyToMessageId);
