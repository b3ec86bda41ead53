using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using NasAssistant.Hosting.Kube;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>
/// The operator's API client over real TLS on loopback, as it meets k3s: the server's certificate is signed by the cluster's
/// own CA (trusted from the kubeconfig, not the system), and the client proves itself with a certificate the CA signed.
/// </summary>
public sealed class KubeApiTlsTests : IAsyncLifetime, IDisposable
{
    private readonly TestAuthority _cluster = new("CN=k3s-server-ca");
    private WebApplication? _server;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var serverCertificate = _cluster.Issue("CN=k3s", server: true);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        _server = builder.Build();
        _server.MapGet("/api/v1/namespaces/default/configmaps/who", (HttpContext context) => Results.Text(
            $$$"""{"kind":"ConfigMap","metadata":{"name":"who"},"data":{"client":"{{{context.Connection.ClientCertificate?.Subject ?? "anonymous"}}}"}}""",
            "application/json"));
        await _server.StartAsync();
        _url = _server.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task TheClustersOwnAuthority_IsTrusted_AndTheClientCertificateIsPresented()
    {
        var client = _cluster.Issue("CN=admin", server: false);
        using var api = new KubeApi(new KubernetesClientConfiguration
        {
            Host = _url,
            SslCaCerts = [_cluster.Certificate],
            ClientCertificateData = Base64(client.ExportCertificatePem()),
            ClientCertificateKeyData = Base64(client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
        });

        var answer = await api.GetAsync(new ResourcePath("", "v1", "configmaps", "default", "who"), default);

        Assert.Equal("CN=admin", answer["data"]!["client"]!.GetValue<string>());
    }

    [Fact]
    public async Task AServerSignedByAnotherAuthority_IsRefused()
    {
        using var stranger = new TestAuthority("CN=someone-else");
        using var api = new KubeApi(new KubernetesClientConfiguration { Host = _url, SslCaCerts = [stranger.Certificate] });

        await Assert.ThrowsAsync<HttpRequestException>(() => api.GetAsync(new ResourcePath("", "v1", "configmaps", "default", "who"), default));
    }

    [Fact]
    public async Task SkippingVerification_AcceptsTheServer_AsTheKubeconfigAsked()
    {
        using var api = new KubeApi(new KubernetesClientConfiguration { Host = _url, SkipTlsVerify = true });

        var answer = await api.GetAsync(new ResourcePath("", "v1", "configmaps", "default", "who"), default);

        Assert.Equal("anonymous", answer["data"]!["client"]!.GetValue<string>());
    }

    private static string Base64(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));

    /// <summary>A certificate authority that issues server certificates for 127.0.0.1 and client certificates.</summary>
    private sealed class TestAuthority : IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create();

        public TestAuthority(string subject)
        {
            var request = new CertificateRequest(subject, _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        }

        public X509Certificate2 Certificate { get; }

        public X509Certificate2 Issue(string subject, bool server)
        {
            using var key = ECDsa.Create();
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
            if (server)
            {
                var names = new SubjectAlternativeNameBuilder();
                names.AddIpAddress(IPAddress.Loopback);
                request.CertificateExtensions.Add(names.Build());
            }

            using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
            return issued.CopyWithPrivateKey(key);
        }

        public void Dispose()
        {
            Certificate.Dispose();
            _key.Dispose();
        }
    }
}
