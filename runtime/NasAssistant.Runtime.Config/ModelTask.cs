namespace NasAssistant.Runtime.Config;

/// <summary>What a model is served for.</summary>
public enum ModelTask
{
    /// <summary>Sentence embeddings over <c>/v1/embeddings</c> (and KServe v2).</summary>
    Embedding,

    /// <summary>A generative model answering <c>/v1/chat/completions</c>.</summary>
    Chat,

    /// <summary>Raw tensors in and out over KServe v2 only.</summary>
    Generic,
}
