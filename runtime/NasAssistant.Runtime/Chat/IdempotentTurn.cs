using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Chat;

/// <summary>
/// A chat turn sent with an idempotency key. It holds its conversation's turn lock until disposed, so a repeat sent
/// meanwhile waits and is then answered from the store; <see cref="Earlier"/> is the reply stored under the key, if any.
/// </summary>
internal sealed class IdempotentTurn(IDisposable turnLock, StoredTurn? earlier) : IDisposable
{
    /// <summary>The reply stored under the key (its <see cref="StoredTurn.Reply"/> is set), or null when the turn is new.</summary>
    public StoredTurn? Earlier { get; } = earlier;

    /// <summary>The reply stored under <paramref name="key"/> in <paramref name="turns"/>, or null when none is.</summary>
    /// <exception cref="ChatRefusedException">The key was stored with another message (409).</exception>
    public static StoredTurn? Find(IReadOnlyList<StoredTurn> turns, string key, string question)
    {
        ArgumentNullException.ThrowIfNull(turns);
        for (var i = 0; i < turns.Count; i++)
        {
            if (turns[i].Reply?.IdempotencyKey != key)
            {
                continue;
            }

            // The message a reply answers is stored just before it, in the same append.
            if (i == 0 || turns[i - 1].Content != question)
            {
                throw new ChatRefusedException(new ApiError(
                    409, $"'{AssistantHeaders.IdempotencyKey}' was already used in this conversation for another message: send a new key with a new message",
                    "idempotency_key_reused", AssistantHeaders.IdempotencyKey));
            }

            return turns[i];
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose() => turnLock.Dispose();
}
