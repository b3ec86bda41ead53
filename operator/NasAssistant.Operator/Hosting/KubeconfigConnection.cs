using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace NasAssistant.Operator.Hosting;

/// <summary>
/// The connection a kubeconfig context describes: server, certificate authority, and the user's token, basic credentials,
/// client certificate or exec plugin. A port of KubernetesClient's <c>KubernetesClientConfiguration.InitializeContext</c>
/// (SetClusterDetails, SetUserDetails) without its exec runner, which deserializes by reflection; exec plugins run through
/// <see cref="ExecCredentialPlugin"/>. The legacy auth-provider entries (removed from kubectl in 1.26) are refused by name.
/// </summary>
internal static class KubeconfigConnection
{
    /// <exception cref="KubeConfigException">The context, its cluster or its user is missing or unusable.</exception>
    public static KubernetesClientConfiguration Build(K8SConfiguration kubeconfig, string? contextName)
    {
        contextName ??= kubeconfig.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException("the kubeconfig sets no current-context; name one with --context");
        }

        var context = kubeconfig.Contexts.FirstOrDefault(c => c.Name.Equals(contextName, StringComparison.OrdinalIgnoreCase))
            ?? throw new KubeConfigException($"context '{contextName}' is not in the kubeconfig");
        if (string.IsNullOrEmpty(context.ContextDetails?.Cluster))
        {
            throw new KubeConfigException($"context '{contextName}' names no cluster");
        }

        var config = new KubernetesClientConfiguration { Namespace = context.ContextDetails.Namespace };
        SetCluster(config, kubeconfig, context);
        SetUser(config, kubeconfig, context);
        return config;
    }

    private static void SetCluster(KubernetesClientConfiguration config, K8SConfiguration kubeconfig, Context context)
    {
        var cluster = kubeconfig.Clusters.FirstOrDefault(c => c.Name.Equals(context.ContextDetails.Cluster, StringComparison.OrdinalIgnoreCase))?.ClusterEndpoint
            ?? throw new KubeConfigException($"cluster '{context.ContextDetails.Cluster}' of context '{context.Name}' is not in the kubeconfig");
        if (string.IsNullOrWhiteSpace(cluster.Server) || !Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server))
        {
            throw new KubeConfigException($"cluster '{context.ContextDetails.Cluster}' has no usable server URL ('{cluster.Server}')");
        }

        config.Host = cluster.Server;

        // A server bound to every address (k3s writes https://0.0.0.0:6443 on some setups) is reached on loopback.
        if (IPAddress.TryParse(server.Host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            config.Host = new UriBuilder(server) { Host = address.Equals(IPAddress.Any) ? "127.0.0.1" : "[::1]" }.Uri.ToString();
        }

        config.SkipTlsVerify = cluster.SkipTlsVerify;
        if (server.Scheme != Uri.UriSchemeHttps)
        {
            return;
        }

        if (!string.IsNullOrEmpty(cluster.CertificateAuthorityData))
        {
            config.SslCaCerts = Certificates(Convert.FromBase64String(cluster.CertificateAuthorityData), "certificate-authority-data");
        }
        else if (!string.IsNullOrEmpty(cluster.CertificateAuthority))
        {
            config.SslCaCerts = Certificates(File.ReadAllBytes(cluster.CertificateAuthority), cluster.CertificateAuthority);
        }
    }

    private static X509Certificate2Collection Certificates(byte[] pem, string source)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(System.Text.Encoding.ASCII.GetString(pem));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new KubeConfigException($"{source}: not a PEM certificate ({e.Message})");
        }

        return certificates.Count > 0 ? certificates : throw new KubeConfigException($"{source}: holds no PEM certificate");
    }

    private static void SetUser(KubernetesClientConfiguration config, K8SConfiguration kubeconfig, Context context)
    {
        if (string.IsNullOrWhiteSpace(context.ContextDetails.User))
        {
            return;
        }

        var user = kubeconfig.Users.FirstOrDefault(u => u.Name.Equals(context.ContextDetails.User, StringComparison.OrdinalIgnoreCase))
            ?? throw new KubeConfigException($"user '{context.ContextDetails.User}' of context '{context.Name}' is not in the kubeconfig");
        var credentials = user.UserCredentials ?? throw new KubeConfigException($"user '{user.Name}' has no credentials in the kubeconfig");
        var found = false;

        // A token and basic credentials exclude each other; either may come with a client certificate.
        if (!string.IsNullOrWhiteSpace(credentials.Token))
        {
            config.AccessToken = credentials.Token;
            found = true;
        }
        else if (!string.IsNullOrWhiteSpace(credentials.UserName) && !string.IsNullOrWhiteSpace(credentials.Password))
        {
            config.Username = credentials.UserName;
            config.Password = credentials.Password;
            found = true;
        }

        if (!string.IsNullOrWhiteSpace(credentials.ClientCertificateData) && !string.IsNullOrWhiteSpace(credentials.ClientKeyData))
        {
            config.ClientCertificateData = credentials.ClientCertificateData;
            config.ClientCertificateKeyData = credentials.ClientKeyData;
            found = true;
        }

        if (!string.IsNullOrWhiteSpace(credentials.ClientCertificate) && !string.IsNullOrWhiteSpace(credentials.ClientKey))
        {
            config.ClientCertificateFilePath = credentials.ClientCertificate;
            config.ClientKeyFilePath = credentials.ClientKey;
            found = true;
        }

        if (credentials.AuthProvider is { } provider)
        {
            throw new KubeConfigException(
                $"user '{user.Name}' authenticates with auth-provider '{provider.Name}', which kubectl removed in 1.26; use an exec credential plugin");
        }

        if (credentials.ExternalExecution is { } exec)
        {
            var plugin = new ExecCredentialPlugin(exec);
            var issued = plugin.Run();
            if (issued.Token is not null)
            {
                config.TokenProvider = plugin;
            }

            if (issued.ClientCertificateData is not null && issued.ClientKeyData is not null)
            {
                config.ClientCertificateData = ToBase64(issued.ClientCertificateData);
                config.ClientCertificateKeyData = ToBase64(issued.ClientKeyData);
            }

            found = true;
        }

        if (!found)
        {
            throw new KubeConfigException($"user '{user.Name}' has no token, basic credentials, client certificate or exec plugin in the kubeconfig");
        }
    }

    // Exec plugins give PEM text; the configuration holds inline certificates base64-encoded, as a kubeconfig does.
    private static string ToBase64(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));
}
