namespace NasAssistant.Gateway.Delivery;

/// <summary>Where the reply to one message goes: the channel's way of sending to that chat.</summary>
internal interface IReplyTarget
{
    /// <summary>Longest message the platform accepts, in UTF-16 code units; longer replies are split.</summary>
    int MaxMessageLength { get; }

    /// <summary>Sends one message; returns once the platform accepted it.</summary>
    Task SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>Shows that the assistant is writing (Telegram's typing action); platforms without one do nothing.</summary>
    Task ShowTypingAsync(CancellationToken cancellationToken);
}
