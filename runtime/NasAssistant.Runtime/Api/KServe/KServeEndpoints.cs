using System.Reflection;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Models;

namespace NasAssistant.Runtime.Api.KServe;

/// <summary>The KServe Open Inference Protocol (v2) REST endpoints.</summary>
internal static class KServeEndpoints
{
    /// <summary>The only model version served.</summary>
    public const string ModelVersion = "1";

    private static readonly string ServerVersion =
        typeof(KServeEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    /// <summary>Adds the server's metadata, its health at the paths the operator's probes use, and the <c>/v2/models</c> group.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2", () => Results.Json(
            new ServerMetadataResponse("nas-assistant", ServerVersion, []), RuntimeJsonContext.Utf8.ServerMetadataResponse));
        app.MapGet(RuntimeDefaults.LivePath, () => Results.Json(new LiveResponse(true), RuntimeJsonContext.Utf8.LiveResponse));
        app.MapGet(RuntimeDefaults.ReadyPath, (ModelHost host) => Ready(host));

        var models = app.MapGroup("/v2/models");
        models.MapGet("/{model}", (HttpContext context, ModelHost host, string model) => Metadata(context, host, model, null));
        models.MapGet("/{model}/versions/{version}", (HttpContext context, ModelHost host, string model, string version) => Metadata(context, host, model, version));
        models.MapGet("/{model}/ready", (HttpContext context, ModelHost host, string model) => ModelReady(context, host, model, null));
        models.MapGet("/{model}/versions/{version}/ready", (HttpContext context, ModelHost host, string model, string version) => ModelReady(context, host, model, version));
        models.MapPost("/{model}/infer", (HttpContext context, ModelHost host, string model) => InferAsync(context, host, model, null));
        models.MapPost("/{model}/versions/{version}/infer", (HttpContext context, ModelHost host, string model, string version) => InferAsync(context, host, model, version));
    }

    private static IResult Ready(ModelHost host) => host.Model is not null
        ? Results.Json(new ReadyResponse(true, null), RuntimeJsonContext.Utf8.ReadyResponse)
        : Results.Json(new ReadyResponse(false, host.Failure ?? "model loading"), RuntimeJsonContext.Utf8.ReadyResponse, statusCode: 503);

    private static IResult? Unknown(HttpContext context, ModelHost host, string model, string? version)
    {
        if (model != host.Name)
        {
            return ApiErrors.Result(context, 404, $"unknown model '{model}'; this server serves '{host.Name}'", "model_not_found");
        }

        return version is not null && version != ModelVersion
            ? ApiErrors.Result(context, 404, $"unknown version '{version}' of model '{model}'; the only version is {ModelVersion}", "version_not_found")
            : null;
    }

    private static IResult ModelReady(HttpContext context, ModelHost host, string model, string? version) =>
        Unknown(context, host, model, version) ?? Ready(host);

    private static IResult Metadata(HttpContext context, ModelHost host, string model, string? version)
    {
        if (Unknown(context, host, model, version) is { } unknown)
        {
            return unknown;
        }

        var served = host.ReadyModel();
        return Results.Json(
            new ModelMetadataResponse(
                served.Name,
                [ModelVersion],
                "onnxruntime_onnx",
                served.Inputs.Select(Describe).ToArray(),
                served.Outputs.Select(Describe).ToArray()),
            RuntimeJsonContext.Utf8.ModelMetadataResponse);
    }

    private static TensorMetadata Describe(TensorSpec spec) => new(spec.Name, spec.DataTypeName, spec.Shape);

    private static async Task<IResult> InferAsync(HttpContext context, ModelHost host, string model, string? version)
    {
        if (Unknown(context, host, model, version) is { } unknown)
        {
            return unknown;
        }

        var served = host.ReadyModel();
        var request = await JsonBody.ReadAsync(context, RuntimeJsonContext.Utf8.InferRequest);
        if (request.Inputs is not { Count: > 0 })
        {
            return ApiErrors.Result(context, 400, "the request has no inputs", "invalid_input");
        }

        var inputs = request.Inputs.Select(TensorJson.Decode).ToArray();
        var outputNames = request.Outputs?.Select(o => o.Name ?? throw new InvalidTensorException("a requested output has no name")).ToArray();
        var outputs = served.Embedder is null
            ? await served.InferAsync(inputs, outputNames, context.RequestAborted)
            : await EmbedAsync(served, inputs, outputNames, context.RequestAborted);
        return Results.Json(
            new InferResponse(served.Name, ModelVersion, request.Id, outputs.Select(TensorJson.Encode).ToArray()),
            RuntimeJsonContext.Utf8.InferResponse);
    }

    private static async Task<IReadOnlyList<NamedTensor>> EmbedAsync(
        ServedModel served, NamedTensor[] inputs, string[]? outputs, CancellationToken cancellationToken)
    {
        if (inputs.Length != 1 || inputs[0].Name != ServedModel.TextInputName)
        {
            throw new InvalidTensorException(
                $"model '{served.Name}' takes one input tensor '{ServedModel.TextInputName}' (BYTES); got {string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}");
        }

        var text = inputs[0];
        if (text.DataType != TensorDataType.Bytes)
        {
            throw new InvalidTensorException($"input tensor '{text.Name}' has datatype {TensorDataTypes.Name(text.DataType)}, the model expects BYTES");
        }

        if (text.Shape.Length is not (1 or 2) || (text.Shape.Length == 2 && text.Shape[1] != 1) || text.ElementCount == 0)
        {
            throw new InvalidTensorException($"input tensor '{text.Name}' has shape [{string.Join(',', text.Shape)}], the model expects [n] or [n,1] with n > 0");
        }

        if (outputs is { Length: > 0 } && outputs.Any(o => o != ServedModel.EmbeddingOutputName))
        {
            throw new InvalidTensorException($"unknown output tensor '{outputs.First(o => o != ServedModel.EmbeddingOutputName)}'; the model's output is '{ServedModel.EmbeddingOutputName}'");
        }

        var strings = (string[])text.Data;
        if (strings.Length > OpenAi.OpenAiEndpoints.MaxInputs)
        {
            throw new InvalidTensorException($"input tensor '{text.Name}' has {strings.Length} texts; at most {OpenAi.OpenAiEndpoints.MaxInputs} are accepted per request");
        }

        var sequences = strings.Select(served.Embedder!.Tokenizer.Encode).ToArray();
        var vectors = await served.EmbedAsync(sequences, cancellationToken);
        var width = vectors[0].Length;
        var flat = new float[vectors.Length * width];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i].CopyTo(flat, i * width);
        }

        return [new NamedTensor(ServedModel.EmbeddingOutputName, TensorDataType.Fp32, [vectors.Length, width], flat)];
    }
}
