using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Security;

public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _mount = new();
    private readonly TestCertificates _certificates;

    public TlsTests() => _certificates = new TestCertificates(_mount.Path);

    [Fact]
    public async Task Https_HandshakeValidatesAgainstTheOperatorsCa_AndServesTheApi()
    {
        var thumbprint = _certificates.Rotate("family.assistants.svc");
        await using var server = await StartAsync(TimeSpan.FromSeconds(2));
        X509Certificate2? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    served = new X509Certificate2(certificate!);
                    return ValidatesAgainstCa(served);
                },
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri(RuntimeDefaults.ReadyPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https", server.BaseAddress.Scheme);
        Assert.Equal(thumbprint, served!.Thumbprint);
    }

    [Fact]
    public async Task RotatingSecretFiles_SwitchesServedCertificate_WithoutRestart()
    {
        var first = _certificates.Rotate("first");
        await using var server = await StartAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(first, await ServedThumbprintAsync(server));

        var second = _certificates.Rotate("second");
        var served = await EventuallyServedAsync(server, second);

        Assert.Equal(second, served);
        Assert.True(server.Logs.Contains("TLS certificate reloaded", "CN=second"), string.Join('\n', server.Logs.Lines));
        Assert.Equal(NasAssistant.Runtime.Models.ModelState.Ready, server.Server.ModelHost.State);
    }

    [Fact]
    public async Task BrokenRotation_KeepsServingThePreviousCertificate_UntilAGoodOneArrives()
    {
        var first = _certificates.Rotate("first");
        await using var server = await StartAsync(TimeSpan.FromSeconds(1));

        // A key that does not match the certificate: the reload must be refused.
        _certificates.Rotate("mismatched", mismatchedKey: true);
        await WaitForLogAsync(server, "could not be loaded");

        Assert.Equal(first, await ServedThumbprintAsync(server));

        var third = _certificates.Rotate("third");
        Assert.Equal(third, await EventuallyServedAsync(server, third));
    }

    [Fact]
    public async Task UnreadableCertificate_StopsStartup_NamingTheFile()
    {
        var config = new RuntimeConfig
        {
            Server = new ServerConfig
            {
                Tls = new TlsConfig { Enabled = true, CertificateFile = _mount.File("absent.crt"), KeyFile = _mount.File("absent.key") },
            },
        };

        var error = await Assert.ThrowsAsync<RuntimeStartupException>(() => EmbeddedServer.StartAsync(config));

        Assert.Contains(_mount.File("absent.crt"), error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _mount.Dispose();
    }

    private async Task<EmbeddedServer> StartAsync(TimeSpan poll) =>
        await EmbeddedServer.StartAsync(
            new RuntimeConfig
            {
                Server = new ServerConfig
                {
                    Tls = new TlsConfig { Enabled = true, CertificateFile = _certificates.CertificateFile, KeyFile = _certificates.KeyFile },
                },
                Model = new ModelConfig { Name = "tls", Task = ModelTask.Generic, Path = OnnxTestData.Model("test_add") },
            },
            filePollInterval: poll);

    private bool ValidatesAgainstCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_certificates.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private async Task<string> ServedThumbprintAsync(EmbeddedServer server)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
        await using var ssl = new SslStream(tcp.GetStream());
        var valid = false;
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                valid = ValidatesAgainstCa(new X509Certificate2(certificate!));
                return valid;
            },
        });
        Assert.True(valid, "served certificate does not chain to the CA");
        return new X509Certificate2(ssl.RemoteCertificate!).Thumbprint;
    }

    private async Task<string> EventuallyServedAsync(EmbeddedServer server, string wanted)
    {
        var served = await ServedThumbprintAsync(server);
        for (var i = 0; i < 300 && served != wanted; i++)
        {
            await Task.Delay(100);
            served = await ServedThumbprintAsync(server);
        }

        return served;
    }

    private static async Task WaitForLogAsync(EmbeddedServer server, string text)
    {
        for (var i = 0; i < 300 && !server.Logs.Contains(text); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(server.Logs.Contains(text), string.Join('\n', server.Logs.Lines));
    }
}
