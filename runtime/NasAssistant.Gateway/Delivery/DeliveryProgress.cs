namespace NasAssistant.Gateway.Delivery;

/// <summary>How far the reply to one platform message (update, event) has gone out.</summary>
/// <param name="PartsSent">Parts of the reply the platform has accepted, in order.</param>
/// <param name="Completed">The whole reply was sent: a redelivery of the message is answered with nothing.</param>
internal readonly record struct DeliveryProgress(int PartsSent, bool Completed);
