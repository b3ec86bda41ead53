namespace NasAssistant.Gateway.Delivery;

/// <summary>A text message from a platform, as every channel hands it to the <see cref="TurnHandler"/>.</summary>
/// <param name="DeliveryId">The platform's id for this delivery (Telegram's update id, an event id): the same on every redelivery, unique in the channel.</param>
/// <param name="ChatId">The chat the reply goes to; it names the conversation and the user the gateway acts for.</param>
/// <param name="SenderId">The person who wrote it, checked against the allow-list.</param>
/// <param name="Text">The text, with any mention of the bot removed.</param>
/// <param name="IsGroup">True in a group chat, where the chat (not the sender) must be allowed.</param>
/// <param name="ArrivedTimestamp">When the gateway received it (<see cref="System.Diagnostics.Stopwatch"/> timestamp), for the reply latency.</param>
internal sealed record InboundMessage(string DeliveryId, string ChatId, string SenderId, string Text, bool IsGroup, long ArrivedTimestamp);
