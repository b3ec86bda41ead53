using System.Diagnostics;
using System.Globalization;
using NasAssistant.Gateway.Delivery;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace NasAssistant.Gateway.Channels.Telegram;

/// <summary>
/// Which updates are messages for the assistant, and their text. In a private chat every text message is;
/// in a group only those that address the bot: an <c>@bot</c> mention, a command (<c>/new</c> or
/// <c>/new@bot</c>, not one for another bot), or a reply to one of the bot's messages. The bot's own
/// <c>@name</c> is removed from the text.
/// </summary>
internal static class TelegramMessages
{
    /// <summary>The message in <paramref name="update"/> for the assistant, or null when there is none.</summary>
    public static InboundMessage? ToInbound(Update update, User bot)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(bot);
        if (update.Message is not { Text: { Length: > 0 } text, From: { } from } message
            || message.Chat.Type is not (ChatType.Private or ChatType.Group or ChatType.Supergroup))
        {
            return null;
        }

        var isGroup = message.Chat.Type != ChatType.Private;
        var mention = "@" + bot.Username;
        var entities = message.Entities ?? [];
        var addressed = !isGroup
            || entities.Any(e => e.Type == MessageEntityType.Mention && Slice(text, e).Equals(mention, StringComparison.OrdinalIgnoreCase))
            || message.ReplyToMessage?.From?.Id == bot.Id;
        foreach (var command in entities.Where(e => e.Type == MessageEntityType.BotCommand))
        {
            var at = Slice(text, command).IndexOf('@', StringComparison.Ordinal);
            if (at >= 0 && !Slice(text, command)[at..].Equals(mention, StringComparison.OrdinalIgnoreCase))
            {
                // A command for another bot in the same group.
                return null;
            }

            addressed = true;
        }

        if (!addressed)
        {
            return null;
        }

        var cleaned = text.Replace(mention, string.Empty, StringComparison.OrdinalIgnoreCase).Trim();
        // Update ids are the bot's own sequence: a channel moved to another bot starts again, so the bot's id is part of the key.
        return new InboundMessage(
            string.Create(CultureInfo.InvariantCulture, $"{bot.Id}-{update.Id}"),
            message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            from.Id.ToString(CultureInfo.InvariantCulture),
            cleaned.Length > 0 ? cleaned : text,
            isGroup,
            Stopwatch.GetTimestamp());
    }

    private static string Slice(string text, MessageEntity entity) =>
        entity.Offset >= 0 && entity.Offset + entity.Length <= text.Length ? text.Substring(entity.Offset, entity.Length) : string.Empty;
}
