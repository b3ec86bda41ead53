using NasAssistant.Runtime.Api.Documents;
using NasAssistant.Runtime.Api.KServe;
using NasAssistant.Runtime.Api.OpenAi;
using NasAssistant.Runtime.Api.Sessions;

namespace NasAssistant.Runtime.Api;

/// <summary>
/// Every route of the API port, by API: OpenAI's embeddings and chat side by side with the conversation and
/// knowledge routes in the <c>/v1</c> group, KServe v2 under <c>/v2</c>. Errors are answered by
/// <see cref="Http.ApiExceptionHandler"/>, never by the endpoints.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>Adds the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        OpenAiEndpoints.Map(v1);
        ChatEndpoints.Map(v1);
        ConversationEndpoints.Map(v1);
        KnowledgeEndpoints.Map(v1);
        KServeEndpoints.Map(app);
    }
}
