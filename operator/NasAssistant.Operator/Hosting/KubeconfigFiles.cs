using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using NasAssistant.Operator.Rendering;

namespace NasAssistant.Operator.Hosting;

/// <summary>
/// Reads kubeconfig files into KubernetesClient's model, from which <see cref="KubeconfigConnection"/> builds the
/// connection. KubernetesClient's own loader deserializes YAML by reflection, which the Native AOT build cannot do. Several files (<c>$KUBECONFIG=a:b</c>) merge as kubectl merges them:
/// the first file to name a cluster, user or context, or to set the current context, wins.
/// </summary>
internal static class KubeconfigFiles
{
    /// <exception cref="KubeConfigException">A file is missing, unreadable or not a kubeconfig.</exception>
    public static K8SConfiguration Load(IReadOnlyList<string> paths)
    {
        var merged = new K8SConfiguration();
        List<Cluster> clusters = [];
        List<User> users = [];
        List<Context> contexts = [];
        foreach (var path in paths)
        {
            var file = LoadOne(path);
            merged.FileName ??= file.FileName;
            merged.CurrentContext ??= file.CurrentContext;
            AddNew(clusters, file.Clusters, c => c.Name);
            AddNew(users, file.Users, u => u.Name);
            AddNew(contexts, file.Contexts, c => c.Name);
        }

        merged.Clusters = clusters;
        merged.Users = users;
        merged.Contexts = contexts;
        return merged;
    }

    /// <summary>The files to read: <paramref name="explicitPath"/>, else each of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public static IReadOnlyList<string> Paths(string? explicitPath, string? kubeconfigVariable, string defaultPath) =>
        explicitPath is not null ? [explicitPath]
        : kubeconfigVariable is { Length: > 0 } ? [.. kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)]
        : [defaultPath];

    private static K8SConfiguration LoadOne(string path)
    {
        JsonNode? root;
        try
        {
            root = YamlDocuments.Parse(File.ReadAllText(path)).SingleOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            throw new KubeConfigException($"kubeconfig {path}: {e.Message}");
        }

        if (root is not JsonObject config)
        {
            throw new KubeConfigException($"kubeconfig {path}: not a kubeconfig (a YAML mapping)");
        }

        // Paths inside a kubeconfig (certificate-authority, client-key) are relative to its folder.
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? FilePath(JsonObject obj, string key) => Text(obj, key) is { Length: > 0 } file ? Path.GetFullPath(file, folder) : null;
        return new K8SConfiguration
        {
            FileName = Path.GetFullPath(path),
            CurrentContext = Text(config, "current-context"),
            Clusters = Named(config, "clusters", "cluster", (name, c) => new Cluster
            {
                Name = name,
                ClusterEndpoint = c is null ? null : new ClusterEndpoint
                {
                    Server = Text(c, "server"),
                    CertificateAuthority = FilePath(c, "certificate-authority"),
                    CertificateAuthorityData = Text(c, "certificate-authority-data"),
                    SkipTlsVerify = Text(c, "insecure-skip-tls-verify") == "true",
                    TlsServerName = Text(c, "tls-server-name"),
                },
            }),
            Users = Named(config, "users", "user", (name, u) => new User
            {
                Name = name,
                UserCredentials = u is null ? null : new UserCredentials
                {
                    Token = Text(u, "token"),
                    ClientCertificate = FilePath(u, "client-certificate"),
                    ClientCertificateData = Text(u, "client-certificate-data"),
                    ClientKey = FilePath(u, "client-key"),
                    ClientKeyData = Text(u, "client-key-data"),
                    UserName = Text(u, "username"),
                    Password = Text(u, "password"),
                    ExternalExecution = u["exec"] is JsonObject exec ? Exec(exec) : null,
                    AuthProvider = u["auth-provider"] is JsonObject provider ? new AuthProvider { Name = Text(provider, "name") } : null,
                },
            }),
            Contexts = Named(config, "contexts", "context", (name, c) => new Context
            {
                Name = name,
                ContextDetails = c is null ? null : new ContextDetails
                {
                    Cluster = Text(c, "cluster"),
                    User = Text(c, "user"),
                    Namespace = Text(c, "namespace"),
                },
            }),
        };
    }

    private static ExternalExecution Exec(JsonObject exec) => new()
    {
        ApiVersion = Text(exec, "apiVersion"),
        Command = Text(exec, "command"),
        Arguments = [.. Items(exec, "args").Select(arg => arg?.ToString() ?? string.Empty)],
        EnvironmentVariables = [.. Items(exec, "env").OfType<JsonObject>()
            .Select(variable => new Dictionary<string, string>
            {
                ["name"] = Text(variable, "name") ?? string.Empty,
                ["value"] = Text(variable, "value") ?? string.Empty,
            })],
        InstallHint = Text(exec, "installHint"),
        ProvideClusterInfo = Text(exec, "provideClusterInfo") == "true",
    };

    private static List<T> Named<T>(JsonObject config, string list, string detail, Func<string, JsonObject?, T> create) =>
        [.. Items(config, list).OfType<JsonObject>().Select(item => create(Text(item, "name") ?? string.Empty, item[detail] as JsonObject))];

    private static IEnumerable<JsonNode?> Items(JsonObject obj, string key) => obj[key] as JsonArray ?? [];

    // Scalars as text: booleans and numbers are read from their YAML spelling.
    private static string? Text(JsonObject obj, string key) => obj[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    private static void AddNew<T>(List<T> into, IEnumerable<T> items, Func<T, string> name)
    {
        foreach (var item in items)
        {
            if (!into.Exists(existing => name(existing) == name(item)))
            {
                into.Add(item);
            }
        }
    }
}
