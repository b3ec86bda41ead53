using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// Reads the DeleteOptions of a DELETE as the real handler does (apiserver/pkg/endpoints/handlers/delete.go):
/// from the body when there is one, otherwise from the query string (kubectl's <c>--cascade</c> sends a body,
/// clients such as KubernetesClient often only <c>?propagationPolicy=</c>), then validated.
/// </summary>
internal static class DeleteOptionsReader
{
    public static async Task<DeleteRequest> ReadAsync(RequestContext request)
    {
        using var reader = new StreamReader(request.Http.Request.Body);
        var body = await reader.ReadToEndAsync(request.Http.RequestAborted);
        if (body.Trim().Length > 0)
        {
            RequestBodyFormat.RequireJson(request.Http.Request);
        }

        var options = body.Trim().Length > 0 ? FromBody(JsonNode.Parse(body) as JsonObject) : FromQuery(request);
        options.Validate();
        return options;
    }

    private static DeleteRequest FromBody(JsonObject? body) => new()
    {
        PropagationPolicy = body?["propagationPolicy"]?.GetValue<string>(),
        OrphanDependents = body?["orphanDependents"]?.GetValue<bool>(),
        PreconditionUid = body?["preconditions"]?["uid"]?.GetValue<string>(),
        PreconditionResourceVersion = body?["preconditions"]?["resourceVersion"]?.GetValue<string>(),
    };

    private static DeleteRequest FromQuery(RequestContext request) => new()
    {
        PropagationPolicy = request.Query("propagationPolicy") is { Length: > 0 } policy ? policy : null,
        OrphanDependents = request.Query("orphanDependents") is { Length: > 0 } orphan ? ParseBool(orphan) : null,
    };

    // strconv.ParseBool, which the query parameter codec uses for *bool fields.
    private static bool ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw KubeApiException.BadRequest($"strconv.ParseBool: parsing \"{value}\": invalid syntax"),
    };
}
