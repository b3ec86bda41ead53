namespace NasAssistant.Operator.Tests;

/// <summary>Locates files of the repository (examples, crds, goldens) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string TestData(params string[] parts) => Path(["tests", "NasAssistant.Operator.Tests", "testdata", .. parts]);

    /// <summary>Set UPDATE_GOLDEN=1 to rewrite golden files instead of comparing with them.</summary>
    public static bool UpdateGolden => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}
