using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Exceptions;
using NasAssistant.Operator.Hosting;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>The kubeconfig reader that replaces KubernetesClient's reflection-based one, read as kubectl reads files.</summary>
public sealed class KubeconfigFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nas-assistant-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Paths_AreTheGivenFile_ElseEachOfKubeconfig_ElseTheDefault()
    {
        Assert.Equal(["/given"], KubeconfigFiles.Paths("/given", "/a:/b", "/home/x/.kube/config"));
        Assert.Equal(["/a", "/b"], KubeconfigFiles.Paths(null, "/a:/b", "/home/x/.kube/config"));
        Assert.Equal(["/home/x/.kube/config"], KubeconfigFiles.Paths(null, null, "/home/x/.kube/config"));
    }

    [Fact]
    public void ATokenUser_WithARelativeCertificateAuthority_BuildsTheClientConfiguration()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "certs"));
        using var key = ECDsa.Create();
        using var ca = new CertificateRequest("CN=k3s-server-ca", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_folder, "certs", "ca.crt"), ca.ExportCertificatePem());
        var file = Write("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: nas
              cluster: {server: "https://192.168.1.10:6443", certificate-authority: certs/ca.crt}
            users:
            - name: admin
              user: {token: s3cret}
            contexts:
            - name: nas
              context: {cluster: nas, user: admin, namespace: assistants}
            current-context: nas
            """);

        var config = KubeconfigConnection.Build(KubeconfigFiles.Load([file]), null);

        Assert.Equal("https://192.168.1.10:6443", config.Host);
        Assert.Equal("s3cret", config.AccessToken);
        Assert.Equal("assistants", config.Namespace);
        Assert.Equal(ca.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
    }

    [Fact]
    public void SeveralFiles_Merge_TheFirstToNameSomethingWins()
    {
        var first = Write("first", """
            clusters: [{name: nas, cluster: {server: "http://first:6443"}}]
            contexts: [{name: nas, context: {cluster: nas}}]
            current-context: nas
            """);
        var second = Write("second", """
            clusters: [{name: nas, cluster: {server: "http://second:6443"}}, {name: lab, cluster: {server: "http://lab:6443"}}]
            contexts: [{name: lab, context: {cluster: lab}}]
            current-context: lab
            """);

        var merged = KubeconfigFiles.Load([first, second]);

        Assert.Equal("nas", merged.CurrentContext);
        Assert.Equal("http://first:6443", KubeconfigConnection.Build(merged, null).Host);
        Assert.Equal("http://lab:6443", KubeconfigConnection.Build(merged, "lab").Host);
    }

    [Fact]
    public void AnExecUser_KeepsItsCommandArgumentsAndEnvironment()
    {
        var file = Write("exec", """
            users:
            - name: sso
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin, args: [get-token, --tenant, home], env: [{name: MODE, value: device}]}
            """);

        var exec = Assert.Single(KubeconfigFiles.Load([file]).Users).UserCredentials.ExternalExecution;

        Assert.Equal("client.authentication.k8s.io/v1", exec.ApiVersion);
        Assert.Equal("kubelogin", exec.Command);
        Assert.Equal(["get-token", "--tenant", "home"], exec.Arguments);
        Assert.Equal("device", Assert.Single(exec.EnvironmentVariables)["value"]);
    }

    [Theory]
    [InlineData(null, "no-such-file")]
    [InlineData("clusters: [unclosed", "line 2")]
    [InlineData("- a list", "not a kubeconfig")]
    public void AMissingOrMalformedFile_IsAKubeconfigError_NamingIt(string? content, string says)
    {
        var file = content is null ? Path.Combine(_folder, "no-such-file") : Write("bad", content);

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigFiles.Load([file]));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
