namespace NasAssistant.Operator.Api;

/// <summary>Where a model comes from; exactly one field is set.</summary>
public sealed class ModelSourceSpec
{
    /// <summary>The default embedding model bundled in the runtime image (all-MiniLM-L6-v2).</summary>
    public BuiltinModelSource? Builtin { get; set; }

    /// <summary>A model file already on the models volume.</summary>
    public VolumeModelSource? Volume { get; set; }

    /// <summary>A model fetched once over HTTP(S) into the models volume.</summary>
    public UrlModelSource? Url { get; set; }
}
