namespace NasAssistant.Operator.Api;

/// <summary>The knowledge base the assistant answers from.</summary>
public sealed class KnowledgeSpec
{
    /// <summary>
    /// Index the documents kept in the knowledge folder on the sessions volume (added with POST /v1/documents)
    /// so chat answers cite them; false turns retrieval off.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
