using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;

namespace NasAssistant.Hosting.Kube;

/// <summary>The HTTP side of a <see cref="KubernetesClientConfiguration"/>, set up as KubernetesClient's own client sets it up.</summary>
internal static class KubeHttpHandler
{
    public static SocketsHttpHandler Create(KubernetesClientConfiguration config, Uri server)
    {
        var handler = new SocketsHttpHandler
        {
            // Long watches stay open through NAT and proxies that drop idle connections.
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
        if (server.Scheme != Uri.UriSchemeHttps)
        {
            return handler;
        }

        if (config.SkipTlsVerify)
        {
#pragma warning disable CA5359 // The kubeconfig says insecure-skip-tls-verify: the user chose to accept any certificate.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else
        {
            var authorities = config.SslCaCerts
                ?? throw new k8s.Exceptions.KubeConfigException("the kubeconfig gives no certificate authority for an https server, and does not skip TLS verification");

            // The cluster's own CA, not the system's: k3s and kubeadm sign the API server's certificate themselves.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, authorities);
        }

        if (ClientCertificate(config) is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = new X509Certificate2Collection(clientCertificate);
        }

        return handler;
    }

    /// <summary>
    /// Whether the server's certificate is good: valid as the system sees it, or, where only its chain fails, chaining to
    /// one of the kubeconfig's authorities (KubernetesClient's <c>CertificateValidationCallBack</c>, with .NET's custom root
    /// trust in place of comparing the chain's root by hand). A name mismatch is never accepted.
    /// </summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var loaded = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        return chain.Build(certificate as X509Certificate2 ?? loaded!);
    }

    /// <summary>The client certificate and key, given inline (base64 PEM, as in a kubeconfig) or as PEM files; null for none.</summary>
    public static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        if (!string.IsNullOrWhiteSpace(config.ClientCertificateData) && !string.IsNullOrWhiteSpace(config.ClientCertificateKeyData))
        {
            return X509Certificate2.CreateFromPem(FromBase64(config.ClientCertificateData), FromBase64(config.ClientCertificateKeyData));
        }

        return !string.IsNullOrWhiteSpace(config.ClientCertificateFilePath) && !string.IsNullOrWhiteSpace(config.ClientKeyFilePath)
            ? X509Certificate2.CreateFromPemFile(config.ClientCertificateFilePath, config.ClientKeyFilePath)
            : null;
    }

    private static string FromBase64(string data) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));

    /// <summary>What signs each request: a token (or a provider that refreshes one) or basic credentials; null for none.</summary>
    public static ServiceClientCredentials? Credentials(KubernetesClientConfiguration config)
    {
        if (config.TokenProvider is not null)
        {
            return new TokenCredentials(config.TokenProvider);
        }

        if (!string.IsNullOrEmpty(config.AccessToken))
        {
            return new TokenCredentials(config.AccessToken);
        }

        return string.IsNullOrEmpty(config.Username)
            ? null
            : new BasicAuthenticationCredentials { UserName = config.Username, Password = config.Password };
    }
}
