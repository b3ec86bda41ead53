namespace NasAssistant.FakeKube.OpenApi;

/// <summary>One REST operation of a published resource, rendered into both OpenAPI versions.</summary>
internal sealed record ResourceOperation(
    string Path,
    string Method,
    string Action,
    string OperationId,
    string Description,
    IReadOnlyList<OperationParameter> Parameters,
    IReadOnlyList<string> Consumes,
    string? BodyDefinition,
    string ResponseDefinition,
    PublishedResource Resource);
