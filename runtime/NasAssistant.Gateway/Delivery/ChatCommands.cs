namespace NasAssistant.Gateway.Delivery;

/// <summary>Recognises <see cref="ChatCommand"/>s; channels strip a bot's own address (<c>/new@family_bot</c>) first.</summary>
internal static class ChatCommands
{
    /// <summary>The command <paramref name="text"/> starts with, or <see cref="ChatCommand.None"/>.</summary>
    public static ChatCommand Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('/'))
        {
            return ChatCommand.None;
        }

        var end = trimmed.IndexOfAny([' ', '\n']);
        var name = (end < 0 ? trimmed[1..] : trimmed[1..end]).ToLowerInvariant();
        return name switch
        {
            "start" => ChatCommand.Start,
            "new" => ChatCommand.New,
            "sources" => ChatCommand.Sources,
            _ => ChatCommand.None,
        };
    }
}
