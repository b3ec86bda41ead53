namespace NasAssistant.Benchmarks;

/// <summary>The knowledge corpus shipped with the runtime tests, found from the repository root.</summary>
internal static class Corpus
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "NasAssistant.Runtime.Tests", "testdata", "knowledge");
                }
            }

            throw new DirectoryNotFoundException("the repository root (Operator.sln) was not found above the benchmark");
        }
    }
}
