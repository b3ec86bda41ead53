using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Runtime.Security;

/// <summary>
/// The serving certificate from a PEM certificate chain and key, replaced when the files change so a
/// rotated Kubernetes Secret takes effect without a restart. A broken new pair keeps the old one.
/// </summary>
internal sealed partial class CertificateReloader : IDisposable
{
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly ILogger<CertificateReloader> _logger;
    private readonly MountedFileWatcher _watcher;
    private volatile SslStreamCertificateContext _current;

    /// <summary>Loads the pair now and watches it.</summary>
    /// <exception cref="InvalidOperationException">The pair cannot be loaded at startup.</exception>
    public CertificateReloader(string certificateFile, string keyFile, TimeSpan pollInterval, ILogger<CertificateReloader> logger)
    {
        _certificateFile = certificateFile;
        _keyFile = keyFile;
        _logger = logger;
        try
        {
            _current = Load(out var subject, out var notAfter);
            LogLoaded(subject, notAfter, certificateFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"cannot load the TLS certificate {certificateFile} with key {keyFile}: {e.Message}", e);
        }

        _watcher = new MountedFileWatcher([certificateFile, keyFile], pollInterval, Reload);
    }

    /// <summary>The certificate (with its chain) for new TLS handshakes.</summary>
    public SslStreamCertificateContext Current => _current;

    /// <summary>The leaf certificate now served.</summary>
    public X509Certificate2 Certificate => _current.TargetCertificate;

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private void Reload()
    {
        try
        {
            _current = Load(out var subject, out var notAfter);
            LogReloaded(subject, notAfter, _certificateFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // Mid-rotation the pair may briefly not match; the next change event or poll retries.
            LogReloadFailed(_certificateFile, e.Message);
        }
    }

    private SslStreamCertificateContext Load(out string subject, out DateTime notAfter)
    {
        using var pem = X509Certificate2.CreateFromPemFile(_certificateFile, _keyFile);

        // Re-import so the private key is a persisted one that every platform's TLS stack accepts.
        var leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(_certificateFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain)
        {
            if (certificate.Thumbprint != leaf.Thumbprint)
            {
                intermediates.Add(certificate);
            }
        }

        subject = leaf.Subject;
        notAfter = leaf.NotAfter;
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate {Subject} (valid until {NotAfter:O}) loaded from {File}")]
    private partial void LogLoaded(string subject, DateTime notAfter, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate reloaded: now serving {Subject} (valid until {NotAfter:O}) from {File}")]
    private partial void LogReloaded(string subject, DateTime notAfter, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS certificate {File} changed but could not be loaded, still serving the previous one: {Reason}")]
    private partial void LogReloadFailed(string file, string reason);
}
