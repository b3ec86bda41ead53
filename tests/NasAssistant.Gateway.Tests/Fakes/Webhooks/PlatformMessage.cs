namespace NasAssistant.Gateway.Tests.Fakes.Webhooks;

/// <summary>A person's text message that a platform posts to the bot's webhook.</summary>
/// <param name="Id">The platform's id of the message or event: the same on every redelivery.</param>
/// <param name="From">The sender's user id on the platform.</param>
/// <param name="Text">What they wrote.</param>
/// <param name="Group">The group chat it was written in, or null for a private chat.</param>
public sealed record PlatformMessage(string Id, string From, string Text, string? Group = null)
{
    /// <summary>A private message with a fresh id (digits, which each fake dresses as its platform's ids).</summary>
    public static PlatformMessage Private(string from, string text) => new(NewId(), from, text);

    /// <summary>A message in <paramref name="group"/> with a fresh id.</summary>
    public static PlatformMessage InGroup(string group, string from, string text) => new(NewId(), from, text, group);

    private static string NewId() => Random.Shared.NextInt64(1_000_000_000_000_000_000, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
