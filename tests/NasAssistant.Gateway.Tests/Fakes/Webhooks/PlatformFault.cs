namespace NasAssistant.Gateway.Tests.Fakes.Webhooks;

/// <summary>An error a fake answers the next call of one of its APIs with: an HTTP status, a body and headers.</summary>
public sealed record PlatformFault(int Status, string Json, IReadOnlyDictionary<string, string>? Headers = null);
