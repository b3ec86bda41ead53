using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Commands;

/// <summary>
/// <c>health</c>: asks the runtime serving the same configuration on this host whether it is ready.
/// The image has no shell or HTTP client, so this is what Docker's HEALTHCHECK and Compose's
/// <c>healthcheck</c> run; Kubernetes probes the endpoint itself.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns 0 when the readiness endpoint answers 200, otherwise 1 with the reason on <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(RuntimeConfig config, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(error);
        var address = ReadyAddress(config.Server);
        try
        {
            using var expected = ServedCertificate(config.Server);
            using var handler = new SocketsHttpHandler();
            if (expected is not null)
            {
                // The certificate names the service, not the loopback address, so it is checked against
                // the configured certificate file instead: exactly the certificate this runtime serves.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected.RawData);
            }

            using var http = new HttpClient(handler) { Timeout = Timeout };
            using var response = await http.GetAsync(address, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return 0;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await error.WriteLineAsync($"nas-assistant health: {address} answered {(int)response.StatusCode}: {body}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"nas-assistant health: {address}: {e.Message}");
        }

        return 1;
    }

    /// <summary>The readiness endpoint on this host: the bind address, or loopback when the server listens everywhere.</summary>
    public static Uri ReadyAddress(ServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var bound = string.IsNullOrEmpty(server.BindAddress) ? IPAddress.Any : IPAddress.Parse(server.BindAddress);
        var host = bound.Equals(IPAddress.Any) ? IPAddress.Loopback : bound.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bound;
        var scheme = server.Tls.Enabled ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        return new UriBuilder(scheme, host.ToString(), server.Port, RuntimeDefaults.ReadyPath).Uri;
    }

    private static X509Certificate2? ServedCertificate(ServerConfig server) =>
        server.Tls.Enabled ? X509Certificate2.CreateFromPem(File.ReadAllText(server.Tls.CertificateFile!)) : null;
}
