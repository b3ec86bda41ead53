namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>What a webhook channel made of one request: a <see cref="WebhookResponse"/> alone, or a <see cref="WebhookMessage"/> to answer.</summary>
internal abstract record WebhookReceipt;
