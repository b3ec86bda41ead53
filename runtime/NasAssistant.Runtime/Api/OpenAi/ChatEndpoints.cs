using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Chat;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Errors;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Metrics;
using NasAssistant.Runtime.Security;

namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>, OpenAI-compatible, whole or streamed as server-sent events.
/// A conversation named by <c>conversation_id</c>, <c>metadata.conversation_id</c> or the
/// <c>X-Conversation-Id</c> header is loaded first and the exchange stored before the reply is acknowledged
/// (the JSON answer, or the final chunk and <c>[DONE]</c> of a stream). A request repeated with the same
/// <c>Idempotency-Key</c> is answered with the stored reply, marked <c>Idempotent-Replayed: true</c>.
/// </summary>
internal static class ChatEndpoints
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Adds the route to OpenAI's <c>/v1</c> group.</summary>
    public static void Map(IEndpointRouteBuilder v1) =>
        v1.MapPost("/chat/completions", (Func<HttpContext, ChatService, Task>)CompleteAsync);

    private static async Task CompleteAsync(HttpContext context, ChatService chat)
    {
        var body = await JsonBody.ReadAsync(context, ChatJsonContext.Utf8.ChatCompletionRequest);
        var headers = context.Request.Headers;
        var (request, error) = ChatRequestReader.Read(
            body, chat.ModelName, headers[AssistantHeaders.ConversationId], headers[AssistantHeaders.IdempotencyKey]);
        if (error is not null)
        {
            await ApiErrors.Result(context, error).ExecuteAsync(context);
            return;
        }

        var caller = Caller.Of(context);
        using (var turn = await chat.BeginIdempotentAsync(request!, caller, context.RequestAborted))
        {
            await (turn?.Earlier is { } earlier
                ? ReplayAsync(context, chat, request!, earlier)
                : GenerateAsync(context, chat, request!, caller));
        }
    }

    private static async Task GenerateAsync(HttpContext context, ChatService chat, ChatRequest request, Caller caller)
    {
        var prepared = await chat.PrepareAsync(request, caller, context.RequestAborted);
        if (request.ConversationId is { } id)
        {
            context.Response.Headers[AssistantHeaders.ConversationId] = id;
        }

        var reply = new ReplyHeader($"chatcmpl-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat.ModelName, request.ConversationId, prepared.Citations);
        using var metrics = new ReplyMetrics(chat.ModelName, prepared.Mode);
        await using var steps = prepared.Reply.GetAsyncEnumerator(context.RequestAborted);
        try
        {
            var first = await ChatService.FirstStepAsync(steps);
            await (request.Stream
                ? StreamAsync(context, chat, request, caller, prepared, reply, metrics, first, steps)
                : AnswerAsync(context, chat, request, caller, prepared, reply, metrics, first, steps));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: generation has stopped and nothing of this turn is stored.
            metrics.Finish(null, cancelled: true);
        }
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
        HttpContext context, ChatService chat, ChatRequest request, Caller caller, PreparedReply prepared, ReplyHeader reply, ReplyMetrics metrics,
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
        await StoreAsync(chat, request, caller, prepared, reply, text.ToString(), finish, usage);
        metrics.Finish(finish);
        await Results.Json(reply.Whole(text.ToString(), FinishName(finish), usage), ChatJsonContext.Utf8.ChatCompletionResponse).ExecuteAsync(context);
    }

    private static async Task StreamAsync(
        HttpContext context, ChatService chat, ChatRequest request, Caller caller, PreparedReply prepared, ReplyHeader reply, ReplyMetrics metrics,
        GeneratedText first, IAsyncEnumerator<GeneratedText> steps)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        await BeginStreamAsync(response, reply, cancellationToken);
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
        try
        {
            await StoreAsync(chat, request, caller, prepared, reply, text.ToString(), finish, usage);
        }
        catch (ApiException e)
        {
            // The status line has gone, so the refusal goes in the stream; without [DONE] the client knows the reply was not acknowledged.
            await WriteEventAsync(response, ApiErrors.Body(e.ToApiError()), cancellationToken);
            return;
        }

        metrics.Finish(finish);
        await EndStreamAsync(response, request, reply, FinishName(finish), usage, cancellationToken);
    }

    // Answers a repeated idempotency key with what was stored, generating nothing, as JSON or as a stream like the original.
    private static async Task ReplayAsync(HttpContext context, ChatService chat, ChatRequest request, StoredTurn earlier)
    {
        var stored = earlier.Reply!;
        var reply = new ReplyHeader(stored.CompletionId, stored.Created, stored.Model, request.ConversationId, stored.Citations);
        var response = context.Response;
        response.Headers[AssistantHeaders.ConversationId] = request.ConversationId;
        response.Headers[AssistantHeaders.IdempotentReplayed] = "true";
        RuntimeMetrics.ChatReplays.WithLabels(chat.ModelName).Inc();
        if (!request.Stream)
        {
            await Results.Json(reply.Whole(earlier.Content, stored.FinishReason, stored.Usage), ChatJsonContext.Utf8.ChatCompletionResponse).ExecuteAsync(context);
            return;
        }

        var cancellationToken = context.RequestAborted;
        await BeginStreamAsync(response, reply, cancellationToken);
        if (earlier.Content.Length > 0)
        {
            await WriteEventAsync(response, reply.Chunk(new ChatDelta(null, earlier.Content), null, null), cancellationToken);
        }

        await EndStreamAsync(response, request, reply, stored.FinishReason, stored.Usage, cancellationToken);
    }

    // Starts the event stream; the first chunk names the role, the conversation and the passages the reply may cite.
    private static Task BeginStreamAsync(HttpResponse response, ReplyHeader reply, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        return WriteEventAsync(response, reply.Chunk(new ChatDelta("assistant", string.Empty), null, null, first: true), cancellationToken);
    }

    // The finish reason, the usage when asked for, and [DONE], which acknowledges the reply.
    private static async Task EndStreamAsync(
        HttpResponse response, ChatRequest request, ReplyHeader reply, string finish, ChatUsage usage, CancellationToken cancellationToken)
    {
        await WriteEventAsync(response, reply.Chunk(new ChatDelta(null, null), finish, null), cancellationToken);
        if (request.IncludeUsage)
        {
            await WriteEventAsync(response, reply.UsageChunk(usage), cancellationToken);
        }

        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    // Stores the exchange in its conversation, if it has one, before the reply is acknowledged.
    private static async Task StoreAsync(
        ChatService chat, ChatRequest request, Caller caller, PreparedReply prepared, ReplyHeader reply, string text, FinishReason finish, ChatUsage usage)
    {
        if (request.ConversationId is not { } id)
        {
            return;
        }

        var answer = request.IdempotencyKey is { } key
            ? new StoredReply(key, reply.Id, reply.Created, reply.Model, FinishName(finish), usage, reply.Citations)
            : null;
        await chat.StoreAsync(id, caller, prepared.NewTurns, text, answer);
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

    private static Task WriteEventAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        WriteEventAsync(response, JsonSerializer.SerializeToUtf8Bytes(value, type), cancellationToken);

    private static Task WriteEventAsync(HttpResponse response, ChatCompletionChunk chunk, CancellationToken cancellationToken) =>
        WriteEventAsync(response, chunk, ChatJsonContext.Utf8.ChatCompletionChunk, cancellationToken);

    private static Task WriteEventAsync(HttpResponse response, OpenAiErrorResponse error, CancellationToken cancellationToken) =>
        WriteEventAsync(response, error, RuntimeJsonContext.Utf8.OpenAiErrorResponse, cancellationToken);

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
        public ChatCompletionResponse Whole(string text, string finish, ChatUsage usage) =>
            new(Id, "chat.completion", Created, Model, [new ChatChoice(0, new ChatReplyMessage("assistant", text), finish)], usage, ConversationId, Citations);

        public ChatCompletionChunk Chunk(ChatDelta delta, string? finish, ChatUsage? usage, bool first = false) =>
            new(Id, "chat.completion.chunk", Created, Model, [new ChatChunkChoice(0, delta, finish)], usage,
                first ? ConversationId : null, first ? Citations : null);

        public ChatCompletionChunk UsageChunk(ChatUsage usage) =>
            new(Id, "chat.completion.chunk", Created, Model, [], usage, null, null);
    }
}
