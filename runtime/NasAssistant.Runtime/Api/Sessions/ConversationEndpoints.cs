using System.Globalization;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Security;

namespace NasAssistant.Runtime.Api.Sessions;

/// <summary>
/// The conversation API: <c>POST/GET/DELETE /v1/sessions/{id}</c> and <c>GET /v1/sessions?limit=&amp;after=</c>,
/// errors in OpenAI's shape. Each caller sees only its own conversations (an admin sees all); another identity's
/// conversation is answered exactly as one that does not exist.
/// </summary>
internal static class ConversationEndpoints
{
    /// <summary>Listing page size when <c>limit</c> is not given.</summary>
    public const int DefaultPageSize = 20;

    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    /// <summary>Adds the routes to the <c>/v1</c> group.</summary>
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/sessions", List);
        v1.MapPost("/sessions/{id}", AppendAsync);
        v1.MapGet("/sessions/{id}", GetAsync);
        v1.MapDelete("/sessions/{id}", DeleteAsync);
    }

    private static IResult List(HttpContext context, ConversationStore store)
    {
        var limit = DefaultPageSize;
        var limitText = context.Request.Query["limit"].ToString();
        if (limitText.Length > 0
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ConversationStore.MaxPageSize))
        {
            return ApiErrors.Result(context, 400, $"'limit' must be a whole number from 1 to {ConversationStore.MaxPageSize}", "invalid_limit", "limit");
        }

        string? after = context.Request.Query["after"];
        if (!string.IsNullOrEmpty(after) && !ConversationIds.IsValid(after))
        {
            return ApiErrors.Result(context, 400, $"'after': {ConversationIds.Rule}", "invalid_conversation_id", "after");
        }

        return Results.Json(store.List(Caller.Of(context), limit, string.IsNullOrEmpty(after) ? null : after), ConversationJsonContext.Utf8.ConversationList);
    }

    private static async Task<IResult> AppendAsync(HttpContext context, string id, ConversationStore store)
    {
        if (!ConversationIds.IsValid(id))
        {
            return InvalidId(context);
        }

        var request = await JsonBody.ReadAsync(context, ConversationJsonContext.Utf8.TurnRequest);
        if (request.Role is null || !Roles.Contains(request.Role, StringComparer.Ordinal))
        {
            return ApiErrors.Result(context, 400, $"'role' must be one of {string.Join(", ", Roles)}", "invalid_role", "role");
        }

        if (request.Content is null)
        {
            return ApiErrors.Result(context, 400, "'content' is required and must be a string", "missing_content", "content");
        }

        // Not the request's token: once the write has begun it finishes, so an acknowledged turn and the file agree.
        var turn = await store.AppendAsync(id, Caller.Of(context), request.Role, request.Content, CancellationToken.None);
        return Results.Json(turn with { Owner = null }, ConversationJsonContext.Utf8.StoredTurn, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, ConversationStore store)
    {
        if (!ConversationIds.IsValid(id))
        {
            return InvalidId(context);
        }

        var turns = await store.ReadAsync(id, Caller.Of(context), context.RequestAborted);
        return turns is null
            ? NotFound(context, id)
            : Results.Json(
                new ConversationResponse(id, ConversationStore.OwnerOf(turns), [.. turns.Select(t => t with { Owner = null })]),
                ConversationJsonContext.Utf8.ConversationResponse);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, ConversationStore store)
    {
        if (!ConversationIds.IsValid(id))
        {
            return InvalidId(context);
        }

        return await store.DeleteAsync(id, Caller.Of(context), CancellationToken.None)
            ? Results.Json(new ConversationDeleted(id, true), ConversationJsonContext.Utf8.ConversationDeleted)
            : NotFound(context, id);
    }

    private static IResult InvalidId(HttpContext context) =>
        ApiErrors.Result(context, 400, ConversationIds.Rule, "invalid_conversation_id", "id");

    // The same answer as for another identity's conversation (ForeignConversationException), so ids cannot be probed.
    private static IResult NotFound(HttpContext context, string id) =>
        ApiErrors.Result(context, ForeignConversationException.For(id).ToApiError());
}
