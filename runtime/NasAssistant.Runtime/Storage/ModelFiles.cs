using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Storage;

/// <summary>Where the configured model's files are and which digest they must have.</summary>
/// <param name="Path">The ONNX file, or a generative model's folder.</param>
/// <param name="VocabularyPath">The WordPiece vocabulary of an embedding model.</param>
/// <param name="ExpectedSha256">The digest the model must have; null when none is configured.</param>
internal sealed record ModelFiles(string Path, string VocabularyPath, string? ExpectedSha256)
{
    /// <summary>Resolves <paramref name="model"/>: no path means the bundled model, whose digest is always checked.</summary>
    public static ModelFiles Resolve(ModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bundled = string.IsNullOrEmpty(model.Path);
        var path = System.IO.Path.GetFullPath(bundled ? BundledModel.ModelPath : model.Path!);
        var vocabulary = System.IO.Path.GetFullPath(model.VocabularyPath
            ?? (bundled ? BundledModel.VocabularyPath : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "vocab.txt")));
        var expected = string.IsNullOrEmpty(model.Sha256) ? (bundled ? BundledModel.Sha256 : null) : model.Sha256;
        return new ModelFiles(path, vocabulary, expected);
    }
}
