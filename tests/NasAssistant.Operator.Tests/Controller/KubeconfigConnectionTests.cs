using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Exceptions;
using NasAssistant.Operator.Hosting;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>
/// A kubeconfig context to a connection, as KubernetesClient's <c>InitializeContext</c> builds it, and exec credential
/// plugins run as kubectl runs them (a real script, its output parsed, run again once its token expires).
/// </summary>
public sealed class KubeconfigConnectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nas-assistant-connection-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BasicCredentials_AndAnInlineClientCertificate_AreBothKept()
    {
        using var key = ECDsa.Create();
        using var certificate = new CertificateRequest("CN=admin", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var certificateData = Base64(certificate.ExportCertificatePem());
        var keyData = Base64(key.ExportPkcs8PrivateKeyPem());

        var config = Build($$$"""
            users: [{name: admin, user: {username: nas, password: pw, client-certificate-data: {{{certificateData}}}, client-key-data: {{{keyData}}}}}]
            """);

        Assert.Equal(("nas", "pw"), (config.Username, config.Password));
        Assert.Equal((certificateData, keyData), (config.ClientCertificateData, config.ClientCertificateKeyData));
    }

    [Fact]
    public void AServerOnEveryAddress_IsReachedOnLoopback_AndAnInsecureClusterSkipsVerification()
    {
        var config = Build("users: [{name: admin, user: {token: t}}]", server: "https://0.0.0.0:6443", clusterExtra: ", insecure-skip-tls-verify: true");

        Assert.Equal("https://127.0.0.1:6443/", config.Host);
        Assert.True(config.SkipTlsVerify);
    }

    [Theory]
    [InlineData("current-context: nowhere", "context 'nowhere' is not in the kubeconfig")]
    [InlineData("current-context: nas\nusers: [{name: admin, user: {}}]", "user 'admin' has no token, basic credentials, client certificate or exec plugin")]
    [InlineData("current-context: nas\nusers: [{name: admin, user: {auth-provider: {name: oidc}}}]", "auth-provider 'oidc', which kubectl removed in 1.26")]
    public void AnUnusableContextOrUser_IsAClearError(string tail, string says)
    {
        var file = Write($$$"""
            clusters: [{name: nas, cluster: {server: "http://nas:6443"}}]
            contexts: [{name: nas, context: {cluster: nas, user: admin}}]
            {{{tail}}}
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigConnection.Build(KubeconfigFiles.Load([file]), null));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExecPlugin_GivesItsToken_AndRunsAgainOnceItExpires()
    {
        // Each run writes a new token, already expired, so every request asks the plugin again.
        var runs = Path.Combine(_folder, "runs");
        var plugin = Script("plugin", $$$"""
            echo run >> {{{runs}}}
            n=$(wc -l < {{{runs}}})
            [ "$KUBERNETES_EXEC_INFO" != "" ] || exit 3
            echo "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"$GREETING-$n\",\"expirationTimestamp\":\"2020-01-01T00:00:00Z\"}}"
            """);
        var config = Build($$$"""
            users:
            - name: admin
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: {{{plugin}}}, env: [{name: GREETING, value: hello}]}
            """);

        Assert.Equal("Bearer hello-2", (await config.TokenProvider.GetAuthenticationHeaderAsync(default)).ToString());
        Assert.Equal("Bearer hello-3", (await config.TokenProvider.GetAuthenticationHeaderAsync(default)).ToString());
    }

    [Theory]
    [InlineData("echo 'token service down' >&2; exit 2", "failed with exit code 2: token service down")]
    [InlineData("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"status\":{\"token\":\"t\"}}'", "printed no client.authentication.k8s.io/v1 ExecCredential")]
    [InlineData("echo not-json", "printed no JSON")]
    public void AFailingExecPlugin_IsAClearError(string body, string says)
    {
        var plugin = Script("failing", body);

        var error = Assert.Throws<KubeConfigException>(() => Build($$$"""
            users:
            - name: admin
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: {{{plugin}}} }
            """));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    private static string Base64(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));

    private k8s.KubernetesClientConfiguration Build(string users, string server = "http://nas:6443", string clusterExtra = "") =>
        KubeconfigConnection.Build(KubeconfigFiles.Load([Write($$$"""
            clusters: [{name: nas, cluster: {server: "{{{server}}}"{{{clusterExtra}}}}}]
            contexts: [{name: nas, context: {cluster: nas, user: admin}}]
            current-context: nas
            {{{users}}}
            """)]), null);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder, "config-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }
}
