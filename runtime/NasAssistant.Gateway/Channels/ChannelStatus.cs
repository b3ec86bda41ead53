namespace NasAssistant.Gateway.Channels;

/// <summary>A channel's readiness at one moment, as <c>/status</c> reports it.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Kind">Its kind (<c>telegram</c>, ...).</param>
/// <param name="Ready">True while it is connected and answering.</param>
/// <param name="Reason">A <see cref="ChannelReasons"/> value.</param>
/// <param name="Message">A human explanation; never contains a secret.</param>
/// <param name="Since">When <paramref name="Ready"/> or <paramref name="Reason"/> last changed.</param>
internal sealed record ChannelStatus(string Channel, string Kind, bool Ready, string Reason, string Message, DateTimeOffset Since);
