using NasAssistant.Gateway.Delivery;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace NasAssistant.Gateway.Channels.Telegram;

/// <summary>Replies into one Telegram chat: plain-text messages (in a group, as a reply to the question) and the typing action.</summary>
internal sealed class TelegramReplyTarget(TelegramBotClient client, long chatId, int? replyTo, TelegramCalls calls) : IReplyTarget
{
    /// <summary>The Bot API's limit on a message's text.</summary>
    public const int MessageLimit = 4096;

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <inheritdoc />
    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        calls.SendAsync(token => client.SendMessage(
            chatId,
            text,
            replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            cancellationToken: token), cancellationToken);

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) =>
        calls.CallAsync(token => client.SendChatAction(chatId, ChatAction.Typing, cancellationToken: token), cancellationToken);
}
