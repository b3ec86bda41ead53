using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Knowledge;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Security;

namespace NasAssistant.Runtime.Api.Documents;

/// <summary>
/// The knowledge-base API: <c>POST</c> and <c>GET /v1/documents</c>, <c>DELETE /v1/documents/{name}</c> and
/// <c>POST /v1/retrieve</c>, errors in OpenAI's shape. The documents are shared; with API keys configured only an admin
/// key may add or delete them.
/// </summary>
internal static class KnowledgeEndpoints
{
    /// <summary>Passages returned when <c>top_k</c> is left out.</summary>
    public const int DefaultTopK = 3;

    /// <summary>Most passages one request may ask for.</summary>
    public const int MaxTopK = 100;

    /// <summary>Adds the routes to the <c>/v1</c> group.</summary>
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPost("/documents", (Func<HttpContext, Task<IResult>>)AddDocumentAsync);
        v1.MapGet("/documents", ListDocuments);
        v1.MapDelete("/documents/{name}", DeleteDocumentAsync);
        v1.MapPost("/retrieve", RetrieveAsync);
    }

    private static async Task<IResult> AddDocumentAsync(HttpContext context)
    {
        if (!Caller.Of(context).IsAdmin)
        {
            return AdminOnly(context);
        }

        if (context.RequestServices.GetService<KnowledgeBase>() is not { } knowledge)
        {
            return Disabled(context);
        }

        var request = await JsonBody.ReadAsync(context, KnowledgeJsonContext.Utf8.DocumentRequest);
        if (!DocumentNames.IsValid(request.Name))
        {
            return ApiErrors.Result(context, 400, DocumentNames.Rule, "invalid_document_name", "name");
        }

        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return ApiErrors.Result(context, 400, "'content' is required and must be a non-empty string", "missing_content", "content");
        }

        var chunks = await knowledge.AddDocumentAsync(request.Name!, request.Content, context.RequestAborted);
        return Results.Json(new DocumentResponse(request.Name!, chunks), KnowledgeJsonContext.Utf8.DocumentResponse, statusCode: StatusCodes.Status201Created);
    }

    private static IResult ListDocuments(HttpContext context)
    {
        if (context.RequestServices.GetService<KnowledgeBase>() is not { } knowledge)
        {
            return Disabled(context);
        }

        var documents = knowledge.Documents.Select(d => new DocumentInfo(d.Source, d.Length, d.Chunks.Count, d.Sha256)).ToArray();
        return Results.Json(new DocumentList("list", documents), KnowledgeJsonContext.Utf8.DocumentList);
    }

    private static async Task<IResult> DeleteDocumentAsync(HttpContext context, string name)
    {
        if (!Caller.Of(context).IsAdmin)
        {
            return AdminOnly(context);
        }

        if (context.RequestServices.GetService<KnowledgeBase>() is not { } knowledge)
        {
            return Disabled(context);
        }

        if (!DocumentNames.IsValid(name))
        {
            return ApiErrors.Result(context, 400, DocumentNames.Rule, "invalid_document_name", "name");
        }

        return await knowledge.DeleteDocumentAsync(name, context.RequestAborted)
            ? Results.Json(new DocumentDeleted(name, Deleted: true), KnowledgeJsonContext.Utf8.DocumentDeleted)
            : ApiErrors.Result(context, 404, $"no document '{name}' in the knowledge base", "document_not_found", "name");
    }

    private static async Task<IResult> RetrieveAsync(HttpContext context, ModelHost host)
    {
        if (context.RequestServices.GetService<KnowledgeBase>() is not { } knowledge)
        {
            return Disabled(context);
        }

        var request = await JsonBody.ReadAsync(context, KnowledgeJsonContext.Utf8.RetrieveRequest);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return ApiErrors.Result(context, 400, "'query' is required and must be a non-empty string", "missing_query", "query");
        }

        var topK = request.TopK ?? DefaultTopK;
        if (topK is < 1 or > MaxTopK)
        {
            return ApiErrors.Result(context, 400, $"'top_k' must be from 1 to {MaxTopK}", "invalid_top_k", "top_k");
        }

        var passages = await knowledge.SearchAsync(request.Query, topK, context.RequestAborted);
        return Results.Json(new RetrieveResponse("list", passages, host.Name), KnowledgeJsonContext.Utf8.RetrieveResponse);
    }

    // The documents are shared by every caller, so only an admin key may change them.
    private static IResult AdminOnly(HttpContext context) =>
        ApiErrors.Result(context, 403, "adding and deleting knowledge documents needs an admin API key", "admin_key_required");

    private static IResult Disabled(HttpContext context) =>
        ApiErrors.Result(context, 404, "the knowledge base is off: set knowledge.directory in the runtime configuration", "knowledge_base_disabled");
}
