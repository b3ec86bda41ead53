namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>The YAML keys of the channel kinds; also the <c>kind</c> label of the gateway's metrics and status.</summary>
public static class ChannelKindNames
{
    /// <summary>A Telegram bot (<see cref="TelegramChannelConfig"/>).</summary>
    public const string Telegram = "telegram";
}
