namespace NasAssistant.Runtime.Knowledge;

/// <summary>Body of <c>POST /v1/documents</c>.</summary>
internal sealed record DocumentRequest
{
    /// <summary>File name to store the document under (see <see cref="DocumentNames.Rule"/>).</summary>
    public string? Name { get; init; }

    /// <summary>The document's text.</summary>
    public string? Content { get; init; }
}
