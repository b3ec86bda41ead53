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

    /// <summary>Copies the corpus into a new folder <paramref name="target"/>, for a runtime's <c>knowledge.directory</c>; returns it.</summary>
    public static string CopyTo(string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
