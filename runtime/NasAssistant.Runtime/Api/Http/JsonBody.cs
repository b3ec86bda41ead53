using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>Reads a JSON request body; malformed JSON, or a body that is not an object, is one 400.</summary>
internal static class JsonBody
{
    /// <summary>The parsed body.</summary>
    /// <exception cref="InvalidJsonException">The body is not valid JSON, or is JSON <c>null</c>.</exception>
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new InvalidJsonException($"request body is not valid JSON: {e.Message}", e);
        }

        return value ?? throw new InvalidJsonException("request body must be a JSON object");
    }
}
