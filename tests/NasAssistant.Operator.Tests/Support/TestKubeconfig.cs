namespace NasAssistant.Operator.Tests.Support;

/// <summary>A kubeconfig file for an operator process to reach the fake API server with (the fake checks no token).</summary>
internal static class TestKubeconfig
{
    /// <summary>Writes it to a fresh temporary file and returns the path; the caller deletes it.</summary>
    public static string Write(string url)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nas-assistant-kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster: {"{"}server: "{url}"{"}"}
            users:
            - name: operator
              user: {"{"}token: not-checked{"}"}
            contexts:
            - name: fake
              context: {"{"}cluster: fake, user: operator{"}"}
            current-context: fake
            """);
        return path;
    }
}
