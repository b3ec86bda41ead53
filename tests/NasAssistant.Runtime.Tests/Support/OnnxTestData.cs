namespace NasAssistant.Runtime.Tests.Support;

/// <summary>Debian's libonnx-testdata: the ONNX backend test models with reference inputs and outputs.</summary>
public static class OnnxTestData
{
    public const string Root = "/usr/share/libonnx-testdata/data/node";

    public static string Case(string name)
    {
        var directory = Path.Combine(Root, name);
        Assert.True(Directory.Exists(directory),
            $"{directory} is missing: install the Debian package libonnx-testdata (tests/run.sh does)");
        return directory;
    }

    public static string Model(string name) => Path.Combine(Case(name), "model.onnx");

    public static IReadOnlyList<TensorProtoFile> Tensors(string name, string prefix) =>
        Directory.GetFiles(Path.Combine(Case(name), "test_data_set_0"), prefix + "_*.pb")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[(prefix.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(TensorProtoFile.Read)
            .ToArray();
}
