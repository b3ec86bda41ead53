using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Chat;

/// <summary>A chat turn ready to run: the reply stream and what to store once it is complete.</summary>
/// <param name="Mode">How the reply is produced.</param>
/// <param name="Reply">The reply as it is produced; the last step carries finish reason and usage.</param>
/// <param name="Citations">The knowledge passages given to the reply, numbered as the reply cites them.</param>
/// <param name="NewTurns">The request's messages that are not yet stored.</param>
internal sealed record PreparedReply(
    ChatMode Mode,
    IAsyncEnumerable<GeneratedText> Reply,
    IReadOnlyList<ChatCitation> Citations,
    IReadOnlyList<ChatTurn> NewTurns);
