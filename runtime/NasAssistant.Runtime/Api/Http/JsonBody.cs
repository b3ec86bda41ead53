using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>Reads a JSON request body, answering malformed JSON or a body that is not an object with one 400.</summary>
internal static class JsonBody
{
    /// <summary>The parsed body, or the error result to return instead.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            return value is null
                ? (null, ApiErrors.Result(context, 400, "request body must be a JSON object", "invalid_json"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.Result(context, 400, $"request body is not valid JSON: {e.Message}", "invalid_json"));
        }
    }
}
