using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>, OpenAI-compatible, whole or streamed as server-sent events.
/// A conversation named by <c>conversation_id</c>, <c>metadata.conversation_id</c> or the
/// <c>X-Conversation-Id</c> header is loaded first and the exchange stored before the reply is acknowledged
/// (the JSON answer, or the final chunk and <c>[DONE]</c> of a stream).
/// </summary>
internal static class ChatEndpoints
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Adds the route.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/chat/completions", (Func<HttpContext, ChatService, Task>)CompleteAsync);

    private static async Task CompleteAsync(HttpContext context, ChatService chat)
    {
        var (body, invalid) = await JsonBody.ReadAsync(context, ChatJsonContext.Utf8.ChatCompletionRequest);
        if (body is null)
        {
            await invalid!.ExecuteAsync(context);
            return;
        }

        var (request, error) = ChatRequestReader.Read(body, chat.ModelName, context.Request.Headers[ChatRequestReader.ConversationHeader]);
        if (error is not null)
        {
            await WriteErrorAsync(context, error);
            return;
        }

        PreparedReply prepared;
        try
        {
            prepared = await chat.PrepareAsync(request!, context.RequestAborted);
        }
        catch (ChatRefusedException e)
        {
            await WriteErrorAsync(context, e.Error);
            return;
        }

        if (request!.ConversationId is { } id)
        {
            context.Response.Headers[ChatRequestReader.ConversationHeader] = id;
        }

        var reply = new ReplyHeader($"chatcmpl-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat.ModelName, request.ConversationId, prepared.Citations);
        using var metrics = new ReplyMetrics(chat.ModelName, prepared.Mode);
        await using var steps = prepared.Reply.GetAsyncEnumerator(context.RequestAborted);
        try
        {
            // The first step comes before any byte of the answer, so a prompt the model cannot take
            // still gets a proper error status rather than a broken stream.
            if (await FirstStepAsync(context, steps) is not { } first)
            {
                return;
            }

            await (request.Stream
                ? StreamAsync(context, chat, request, prepared, reply, metrics, first, steps)
                : AnswerAsync(context, chat, request, prepared, reply, metrics, first, steps));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: generation has stopped and nothing of this turn is stored.
            metrics.Finish(null, cancelled: true);
        }
    }

    private static async Task<GeneratedText?> FirstStepAsync(HttpContext context, IAsyncEnumerator<GeneratedText> steps)
    {
        try
        {
            return await steps.MoveNextAsync()
                ? steps.Current
                : throw new InvalidOperationException("the reply ended without a finish reason and usage");
        }
        catch (PromptTooLongException e)
        {
            await WriteErrorAsync(context, new ChatRequestError(400, e.Message, "context_length_exceeded", "messages"));
        }
        catch (ArgumentException e)
        {
            await WriteErrorAsync(context, new ChatRequestError(400, e.Message, "invalid_request_error", "messages"));
        }

        return null;
    }

    // The steps of the reply, starting with the one already read.
    private static async IAsyncEnumerable<GeneratedText> Remaining(GeneratedText first, IAsyncEnumerator<GeneratedText> steps)
    {
        yield return first;
        while (await steps.MoveNextAsync())
        {
            yield return steps.Current;
        }
    }

    private static async Task AnswerAsync(
        HttpContext context, ChatService chat, ChatRequest request, PreparedReply prepared, ReplyHeader reply, ReplyMetrics metrics,
        GeneratedText first, IAsyncEnumerator<GeneratedText> steps)
    {
        var text = new StringBuilder();
        GeneratedText? last = null;
        await foreach (var step in Remaining(first, steps))
        {
            metrics.Observe(step);
            text.Append(step.Text);
            last = step;
        }

        var (finish, usage) = Ending(last);
        var stored = await StoreAsync(chat, request, prepared, text.ToString());
        if (stored is not null)
        {
            await WriteErrorAsync(context, stored);
            return;
        }

        metrics.Finish(finish);
        var response = new ChatCompletionResponse(
            reply.Id, "chat.completion", reply.Created, reply.Model,
            [new ChatChoice(0, new ChatReplyMessage("assistant", text.ToString()), FinishName(finish))],
            usage, reply.ConversationId, reply.Citations);
        await Results.Json(response, ChatJsonContext.Utf8.ChatCompletionResponse).ExecuteAsync(context);
    }

    private static async Task StreamAsync(
        HttpContext context, ChatService chat, ChatRequest request, PreparedReply prepared, ReplyHeader reply, ReplyMetrics metrics,
        GeneratedText first, IAsyncEnumerator<GeneratedText> steps)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var cancellationToken = context.RequestAborted;

        // The first chunk names the role, the conversation and the passages the reply may cite.
        await WriteEventAsync(response, reply.Chunk(new ChatDelta("assistant", string.Empty), null, null, first: true), cancellationToken);
        var text = new StringBuilder();
        GeneratedText? last = null;
        await foreach (var step in Remaining(first, steps))
        {
            metrics.Observe(step);
            last = step;
            if (step.Text.Length > 0)
            {
                text.Append(step.Text);
                await WriteEventAsync(response, reply.Chunk(new ChatDelta(null, step.Text), null, null), cancellationToken);
            }
        }

        var (finish, usage) = Ending(last);
        var stored = await StoreAsync(chat, request, prepared, text.ToString());
        if (stored is not null)
        {
            // Without [DONE] the client knows the reply was not acknowledged.
            await WriteEventAsync(response, ApiErrors.Body(stored.Status, stored.Message, stored.Code, stored.Param), cancellationToken);
            return;
        }

        metrics.Finish(finish);
        await WriteEventAsync(response, reply.Chunk(new ChatDelta(null, null), FinishName(finish), null), cancellationToken);
        if (request.IncludeUsage)
        {
            await WriteEventAsync(response, reply.UsageChunk(usage), cancellationToken);
        }

        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async Task<ChatRequestError?> StoreAsync(ChatService chat, ChatRequest request, PreparedReply prepared, string text)
    {
        if (request.ConversationId is not { } id)
        {
            return null;
        }

        try
        {
            await chat.StoreAsync(id, prepared.NewTurns, text);
            return null;
        }
        catch (ConversationTooLargeException e)
        {
            return new ChatRequestError(413, e.Message, "conversation_too_large");
        }
        catch (TimeoutException e)
        {
            return new ChatRequestError(503, e.Message, "conversation_locked", RetryAfter: TimeSpan.FromSeconds(1));
        }
    }

    private static (FinishReason Finish, ChatUsage Usage) Ending(GeneratedText? last)
    {
        if (last?.Finish is not { } finish || last.Usage is not { } usage)
        {
            throw new InvalidOperationException("the reply ended without a finish reason and usage");
        }

        return (finish, new ChatUsage(usage.PromptTokens, usage.CompletionTokens, usage.PromptTokens + usage.CompletionTokens, new ChatPromptTokensDetails(usage.CachedPromptTokens)));
    }

    private static string FinishName(FinishReason finish) => finish == FinishReason.Length ? "length" : "stop";

    private static Task WriteErrorAsync(HttpContext context, ChatRequestError error) =>
        ApiErrors.Result(context, error.Status, error.Message, error.Code, error.Param, error.RetryAfter).ExecuteAsync(context);

    private static Task WriteEventAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        WriteEventAsync(response, JsonSerializer.SerializeToUtf8Bytes(value, type), cancellationToken);

    private static Task WriteEventAsync(HttpResponse response, ChatCompletionChunk chunk, CancellationToken cancellationToken) =>
        WriteEventAsync(response, chunk, ChatJsonContext.Utf8.ChatCompletionChunk, cancellationToken);

    private static Task WriteEventAsync(HttpResponse response, Api.OpenAi.OpenAiErrorResponse error, CancellationToken cancellationToken) =>
        WriteEventAsync(response, error, ChatJsonContext.Utf8.OpenAiErrorResponse, cancellationToken);

    private static async Task WriteEventAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(json, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>What every chunk of one reply repeats.</summary>
    private sealed record ReplyHeader(string Id, long Created, string Model, string? ConversationId, IReadOnlyList<ChatCitation> Citations)
    {
        public ChatCompletionChunk Chunk(ChatDelta delta, string? finish, ChatUsage? usage, bool first = false) =>
            new(Id, "chat.completion.chunk", Created, Model, [new ChatChunkChoice(0, delta, finish)], usage,
                first ? ConversationId : null, first ? Citations : null);

        public ChatCompletionChunk UsageChunk(ChatUsage usage) =>
            new(Id, "chat.completion.chunk", Created, Model, [], usage, null, null);
    }
}
