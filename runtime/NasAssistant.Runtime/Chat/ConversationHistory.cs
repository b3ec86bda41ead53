using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Chat;

/// <summary>Joins a stored conversation with the messages of a new request.</summary>
internal static class ConversationHistory
{
    /// <summary>
    /// The stored turns as chat turns, and the request's messages that are new. Clients that keep
    /// their own history (as OpenAI clients do) resend the stored turns; a resent prefix that equals
    /// the stored conversation is recognized and not stored twice.
    /// </summary>
    public static (IReadOnlyList<ChatTurn> History, IReadOnlyList<ChatTurn> New) Split(IReadOnlyList<StoredTurn> stored, IReadOnlyList<ChatTurn> messages)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(messages);
        var history = stored.Select(t => new ChatTurn(t.Role, t.Content)).ToArray();
        var resent = history.Length > 0 && messages.Count > history.Length && history.SequenceEqual(messages.Take(history.Length));
        return (history, resent ? messages.Skip(history.Length).ToArray() : messages);
    }
}
