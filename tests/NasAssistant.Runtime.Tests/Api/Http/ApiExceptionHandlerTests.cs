using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Chat;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Errors;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Knowledge;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Api.Http;

public sealed class ApiExceptionHandlerTests
{
    private const string OpenAi = "/v1/embeddings";
    private const string KServe = "/v2/models/minilm/infer";

    // Exception → status, code, request field, Retry-After seconds; the message is what the caller reads.
    public static TheoryData<Exception, int, string, string?, int?> Mapping => new()
    {
        { new QueueFullException("minilm", 64, TimeSpan.FromSeconds(2.2)), 429, "rate_limit_exceeded", null, 3 },
        { new BatcherStoppedException(), 503, "shutting_down", null, 1 },
        { new ModelNotReadyException("model 'minilm' is not ready: loading"), 503, "model_not_ready", null, 5 },
        { new KnowledgeUnavailableException("model 'minilm' is not ready: loading"), 503, "model_not_ready", null, 5 },
        { new InvalidTensorException("input tensor 'text' is missing"), 400, "invalid_tensor", null, null },
        { new InvalidJsonException("request body must be a JSON object"), 400, "invalid_json", null, null },
        { new PromptTooLongException(4100, 4096), 400, "context_length_exceeded", "messages", null },
        { new ConversationTooLargeException("conversation 'c' would pass 1048576 bytes"), 413, "conversation_too_large", null, null },
        { new ConversationCorruptException("conversation 'c' record 3 cannot be opened"), 500, "conversation_unreadable", null, null },
        { new ConversationLockedException("conversation 'c' stayed locked for 30 s"), 503, "conversation_locked", null, 1 },
        { ForeignConversationException.For("c"), 404, "conversation_not_found", "id", null },
        { new ChatRefusedException(new ApiError(409, "the key was used for another message", "idempotency_key_reused", "Idempotency-Key")), 409, "idempotency_key_reused", "Idempotency-Key", null },
        { new ChatRefusedException(new ApiError(429, "model minilm is overloaded", "overloaded", RetryAfter: TimeSpan.FromSeconds(2))), 429, "overloaded", null, 2 },
        { new BadHttpRequestException("Unexpected end of request content.", 400), 400, "bad_request", null, null },
    };

    [Theory]
    [MemberData(nameof(Mapping))]
    public async Task OpenAiRequest_GetsTheExceptionsStatusCodeAndRetryAfter_InOpenAiShape(Exception exception, int status, string code, string? param, int? retryAfter)
    {
        var response = await HandleAsync(OpenAi, exception);

        Assert.Equal(status, response.Status);
        Assert.Equal(retryAfter?.ToString(System.Globalization.CultureInfo.InvariantCulture), response.RetryAfter);
        var error = response.Body.GetProperty("error");
        Assert.Equal(exception.Message, error.GetProperty("message").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(TypeOf(status), error.GetProperty("type").GetString());
        Assert.Equal(param, error.TryGetProperty("param", out var field) ? field.GetString() : null);
    }

    [Theory]
    [MemberData(nameof(Mapping))]
    public async Task KServeRequest_GetsTheExceptionsStatusAndRetryAfter_WithTheMessageAsItsError(Exception exception, int status, string code, string? param, int? retryAfter)
    {
        _ = (code, param);

        var response = await HandleAsync(KServe, exception);

        Assert.Equal(status, response.Status);
        Assert.Equal(retryAfter?.ToString(System.Globalization.CultureInfo.InvariantCulture), response.RetryAfter);
        Assert.Equal(exception.Message, response.Body.GetProperty("error").GetString());
        Assert.Single(response.Body.EnumerateObject());
    }

    [Theory]
    [InlineData(OpenAi)]
    [InlineData(KServe)]
    public async Task UnexpectedException_Is500_WithoutItsMessage_AndIsLogged(string path)
    {
        using var logs = new CapturedLogs();

        var response = await HandleAsync(path, new InvalidOperationException("secret internals at /srv/models"), logs);

        Assert.Equal(500, response.Status);
        Assert.Null(response.RetryAfter);
        Assert.DoesNotContain("secret", response.Text, StringComparison.Ordinal);
        Assert.Contains("internal server error", response.Text, StringComparison.Ordinal);
        Assert.StartsWith("Error ", Assert.Single(logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiException_IsNotLogged()
    {
        using var logs = new CapturedLogs();

        await HandleAsync(OpenAi, new QueueFullException("minilm", 64, TimeSpan.FromSeconds(1)), logs);

        Assert.Empty(logs.Lines);
    }

    [Fact]
    public async Task OversizeBody_Is413_RequestTooLarge()
    {
        var response = await HandleAsync(OpenAi, new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        Assert.Equal(413, response.Status);
        Assert.Equal("request_too_large", response.Body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("larger than the limit", response.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string TypeOf(int status) => status switch
    {
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static async Task<Answer> HandleAsync(string path, Exception exception, CapturedLogs? logs = null)
    {
        using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs ?? new CapturedLogs()));
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Response.Body = body;

        var handled = await new ApiExceptionHandler(loggers.CreateLogger<ApiExceptionHandler>()).TryHandleAsync(context, exception, CancellationToken.None);

        Assert.True(handled);
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        string? retryAfter = context.Response.Headers.RetryAfter;
        return new Answer(context.Response.StatusCode, retryAfter, text, JsonDocument.Parse(text).RootElement.Clone());
    }

    private sealed record Answer(int Status, string? RetryAfter, string Text, JsonElement Body);
}
