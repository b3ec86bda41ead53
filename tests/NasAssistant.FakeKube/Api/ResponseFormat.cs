using Microsoft.AspNetCore.Http;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// What a response is written as: the object itself, or a <c>meta.k8s.io</c> Table of it, negotiated from
/// the Accept header as NegotiateOutputMediaType does (handlers/negotiation/negotiate.go). The fake writes
/// JSON only, so clauses for YAML or protobuf are passed over like ones the server cannot serve.
/// </summary>
internal sealed record ResponseFormat(string? TableVersion)
{
    /// <summary>What the real server lists as its media types when it refuses an Accept header (MediaTypesForSerializer).</summary>
    public const string ServerMediaTypes = "application/json, application/yaml, application/vnd.kubernetes.protobuf";

    public static ResponseFormat Object { get; } = new((string?)null);

    public bool IsTable => TableVersion is not null;

    /// <summary>The format for the request's Accept header, or 406 NotAcceptable when no clause can be served.</summary>
    public static ResponseFormat Negotiate(HttpRequest request)
    {
        var header = request.Headers.Accept.ToString();
        if (header.Length == 0)
        {
            return Object;
        }

        foreach (var clause in AcceptClause.Parse(header))
        {
            if (clause.Covers("application", "json") && Accepts(clause) is { } format)
            {
                return format;
            }
        }

        throw new KubeApiException(406, "NotAcceptable", $"only the following media types are accepted: {ServerMediaTypes}");
    }

    // acceptMediaTypeOptions with the RequestScope's AllowsMediaTypeTransform: as/g/v name a conversion,
    // stream must be "watch", sv must be the meta version; only Table conversions exist here.
    private static ResponseFormat? Accepts(AcceptClause clause)
    {
        if (clause.Parameter("stream") is { Length: > 0 } stream && stream != "watch")
        {
            return null;
        }

        if (clause.Parameter("sv") is { Length: > 0 } serverVersion && serverVersion != "v1")
        {
            return null;
        }

        var (kind, group, version) = (clause.Parameter("as"), clause.Parameter("g"), clause.Parameter("v"));
        if (kind is null && group is null && version is null)
        {
            return Object;
        }

        return kind == "Table" && group == "meta.k8s.io" && version is "v1" or "v1beta1" ? new ResponseFormat(version) : null;
    }
}
