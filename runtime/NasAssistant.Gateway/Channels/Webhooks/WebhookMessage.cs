using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>A request that carried a message for the assistant.</summary>
/// <param name="Message">The message.</param>
/// <param name="Route">What the kind needs to reply (kept with the message until it is answered).</param>
/// <param name="Acknowledgement">What the platform is answered once the message is safely kept.</param>
internal sealed record WebhookMessage(InboundMessage Message, IReadOnlyDictionary<string, string> Route, WebhookResponse Acknowledgement) : WebhookReceipt;
