using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>A platform API's answer: its HTTP status, JSON body and headers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The JSON body (an empty object when there was none).</param>
/// <param name="Headers">The response headers.</param>
internal sealed record PlatformResponse(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers)
{
    /// <summary>The number property <paramref name="name"/> of the body, or null.</summary>
    public long? Number(string name) => JsonFields.Number(Body, name);

    /// <summary>The string property <paramref name="name"/> of the body, or null.</summary>
    public string? Text(string name) => JsonFields.String(Body, name);

    /// <summary>The seconds to wait that header <paramref name="name"/> gives (<c>Retry-After</c> and its kin), or null.</summary>
    public TimeSpan? WaitFrom(string name) =>
        Headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
