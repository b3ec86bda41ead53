using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Gateway.Assistant;

/// <summary>
/// The CA that signed the assistant's serving certificate, from a mounted PEM file, re-read when the Secret
/// rotates. Server certificates are checked against it alone (and for the host name), not the system's CAs.
/// </summary>
internal sealed partial class TrustedAuthority : IDisposable
{
    private readonly string _file;
    private readonly ILogger _logger;
    private readonly MountedFileWatcher _watcher;
    private volatile X509Certificate2Collection _roots;

    /// <summary>Loads the file now and watches it.</summary>
    /// <exception cref="InvalidOperationException">The file holds no certificate at startup.</exception>
    public TrustedAuthority(string file, TimeSpan pollInterval, ILogger logger)
    {
        _file = file;
        _logger = logger;
        _roots = Load() ?? throw new InvalidOperationException($"assistant.caFile {file} holds no PEM certificate");
        _watcher = new MountedFileWatcher([file], pollInterval, () =>
        {
            if (Load() is { } roots)
            {
                _roots = roots;
                LogReloaded(_file, roots.Count);
            }
        });
    }

    /// <summary>The server-certificate check for the assistant's <see cref="SslClientAuthenticationOptions"/>.</summary>
    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private X509Certificate2Collection? Load()
    {
        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(_file);
            return roots.Count > 0 ? roots : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // Mid-rotation the file may briefly be unreadable; the previous CA stays trusted until a good one lands.
            LogUnreadable(_file, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trusting {Count} CA certificates from {File} for the assistant")]
    private partial void LogReloaded(string file, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CA file {File} cannot be read: {Reason}")]
    private partial void LogUnreadable(string file, string reason);
}
