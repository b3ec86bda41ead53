using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>A message the gateway confirmed to its platform and still has to answer.</summary>
/// <param name="Message">The message.</param>
/// <param name="Route">What the kind needs to reply later (a session webhook, a channel and thread), as names and values.</param>
/// <param name="AcceptedAt">When the gateway confirmed it.</param>
internal sealed record InboxEntry(InboundMessage Message, IReadOnlyDictionary<string, string> Route, DateTimeOffset AcceptedAt);
