using System.Runtime.InteropServices;
using System.Text.Json;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Models;

namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>
/// The OpenAI-compatible endpoints: <c>GET /v1/models</c> and <c>POST /v1/embeddings</c>; <see cref="ChatEndpoints"/>
/// adds <c>POST /v1/chat/completions</c> to the same group.
/// </summary>
internal static class OpenAiEndpoints
{
    /// <summary>Most texts in one embeddings request (OpenAI's own limit).</summary>
    public const int MaxInputs = 2048;

    private static readonly long Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Adds the routes to OpenAI's <c>/v1</c> group.</summary>
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/models", (ModelHost host) =>
            Results.Json(new ModelList([new ModelCard(host.Name, Created, "nas-assistant")]), RuntimeJsonContext.Utf8.ModelList));
        v1.MapPost("/embeddings", EmbedAsync);
    }

    private static async Task<IResult> EmbedAsync(HttpContext context, ModelHost host)
    {
        var request = await JsonBody.ReadAsync(context, RuntimeJsonContext.Utf8.EmbeddingRequest);
        if (string.IsNullOrEmpty(request.Model))
        {
            return ApiErrors.Result(context, 400, "'model' is required", "missing_model", "model");
        }

        if (request.Model != host.Name)
        {
            return ApiErrors.Result(context, 404, $"The model '{request.Model}' does not exist; this server serves '{host.Name}'", "model_not_found", "model");
        }

        var model = host.ReadyModel();
        if (model.Embedder is null)
        {
            return ApiErrors.Result(context, 400, $"model '{host.Name}' serves task {model.Task.ToString().ToLowerInvariant()}, not embeddings", "wrong_task", "model");
        }

        var base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => (bool?)null,
        };
        if (base64 is null)
        {
            return ApiErrors.Result(context, 400, $"'encoding_format' must be float or base64, not '{request.EncodingFormat}'", "invalid_encoding_format", "encoding_format");
        }

        if (request.Dimensions is { } dimensions && dimensions != model.Embedder.Dimensions)
        {
            return ApiErrors.Result(context, 400, $"model '{host.Name}' produces {model.Embedder.Dimensions} dimensions; 'dimensions' cannot change that", "invalid_dimensions", "dimensions");
        }

        var (texts, error) = ReadInput(request.Input);
        if (error is not null)
        {
            return ApiErrors.Result(context, 400, error, "invalid_input", "input");
        }

        var sequences = texts!.Select(model.Embedder.Tokenizer.Encode).ToArray();
        var vectors = await model.EmbedAsync(sequences, context.RequestAborted);
        var items = new EmbeddingItem[vectors.Length];
        for (var i = 0; i < vectors.Length; i++)
        {
            items[i] = new EmbeddingItem(i, base64.Value ? Convert.ToBase64String(MemoryMarshal.AsBytes(vectors[i].AsSpan())) : vectors[i]);
        }

        var tokens = sequences.Sum(s => s.Length);
        return Results.Json(new EmbeddingResponse(items, host.Name, new EmbeddingUsage(tokens, tokens)), RuntimeJsonContext.Utf8.EmbeddingResponse);
    }

    private static (string[]? Texts, string? Error) ReadInput(JsonElement input)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.String:
                var text = input.GetString()!;
                return text.Length == 0 ? (null, "'input' must not be an empty string") : ([text], null);
            case JsonValueKind.Array:
                var count = input.GetArrayLength();
                if (count == 0)
                {
                    return (null, "'input' must not be an empty array");
                }

                if (count > MaxInputs)
                {
                    return (null, $"'input' has {count} items; at most {MaxInputs} are accepted per request");
                }

                var texts = new string[count];
                var i = 0;
                foreach (var item in input.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return (null, item.ValueKind is JsonValueKind.Number or JsonValueKind.Array
                            ? "'input' as token arrays is not supported: send text"
                            : $"'input[{i}]' must be a string");
                    }

                    texts[i] = item.GetString()!;
                    if (texts[i].Length == 0)
                    {
                        return (null, $"'input[{i}]' must not be an empty string");
                    }

                    i++;
                }

                return (texts, null);
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return (null, "'input' is required");
            default:
                return (null, "'input' must be a string or an array of strings");
        }
    }
}
