namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>How the gateway reaches the assistant: its OpenAI-compatible chat API.</summary>
public sealed record GatewayAssistantConfig
{
    /// <summary>Base address of the assistant's API (its Service), e.g. <c>https://family.assistants.svc:5000</c>.</summary>
    public string Url { get; init; } = GatewayDefaults.LocalAssistantUrl;

    /// <summary>Model name sent with each chat request.</summary>
    public string Model { get; init; } = RuntimeDefaults.ModelName;

    /// <summary>PEM file of the CA that signed the assistant's certificate (the mounted <c>ca.crt</c>); the only CA trusted when set. Reloaded when it changes.</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// File holding the gateway's own API key (a key-file line of role <c>gateway</c> on the assistant's side); reloaded when it
    /// changes. With it each request acts for its channel user (<c>X-Assistant-User</c>), who alone may read that user's
    /// conversations. None: no key and no user are sent, for an assistant in its anonymous single-user mode.
    /// </summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Longest wait for one reply, in seconds (a generative model on a small CPU may take a while).</summary>
    public int TimeoutSeconds { get; init; } = 300;
}
