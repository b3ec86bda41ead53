using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NasAssistant.Gateway.Delivery;

/// <summary>
/// The names the gateway gives the assistant: the user a request acts for (<c>CHANNEL:CHAT</c>), each chat's
/// conversation (<c>CHANNEL-CHAT</c>, then <c>CHANNEL-CHAT-N</c> after a <c>/new</c>, N from the message that asked
/// for it so a redelivered <c>/new</c> starts no second one) and the idempotency key of each turn. Conversation ids
/// keep to the runtime's <c>[A-Za-z0-9._-]</c> and users to its <c>X-Assistant-User</c> alphabet: a chat id outside
/// them (or too long) is replaced by its digest.
/// </summary>
internal static partial class ConversationIds
{
    /// <summary>The channel user the assistant stores the chat's conversations for.</summary>
    public static string User(string channel, string chat) =>
        $"{channel}:{(UserChars().IsMatch(chat) && chat.Length <= 128 ? chat : "h" + Digest(chat)[..32])}";

    /// <summary>The chat's first conversation.</summary>
    public static string First(string channel, string chat) => $"{channel}-{Safe(chat)}";

    /// <summary>The conversation started by the <c>/new</c> in delivery <paramref name="deliveryId"/>.</summary>
    public static string After(string channel, string chat, string deliveryId) => $"{First(channel, chat)}-{Digest(deliveryId)[..12]}";

    /// <summary>
    /// The key that makes a redelivered message replay the stored reply. It includes a digest of the text because
    /// delivery ids can come again for another message (Telegram picks update ids at random after a week without
    /// updates; a channel moved to a new bot starts another sequence), and the assistant refuses a key reused for
    /// another message.
    /// </summary>
    public static string IdempotencyKey(string channel, string chat, string deliveryId, string text) =>
        $"{channel}-{Safe(chat)}-{(SafeChars().IsMatch(deliveryId) && deliveryId.Length <= 64 ? deliveryId : Digest(deliveryId))}-{Digest(text)[..12]}";

    private static string Safe(string id) => SafeChars().IsMatch(id) && id.Length <= 40 ? id : "h" + Digest(id)[..32];

    private static string Digest(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeChars();

    [GeneratedRegex("^[A-Za-z0-9._@+=-]+$")]
    private static partial Regex UserChars();
}
