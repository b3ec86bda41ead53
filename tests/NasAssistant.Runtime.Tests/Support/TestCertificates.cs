using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// Certificates like the operator's SelfSigned mode makes (ECDSA P-256, PKCS#8 key, tls.crt = leaf + CA): a CA and a serving
/// certificate it signs, written the way a Kubernetes Secret volume lays files out
/// (<c>tls.crt -> ..data/tls.crt</c>, <c>..data -> ..&lt;timestamp&gt;</c>), rotated by swapping <c>..data</c>.
/// </summary>
public sealed partial class TestCertificates : IDisposable
{
    private int _generation;

    public TestCertificates(string mountDirectory)
    {
        MountDirectory = mountDirectory;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nas-assistant-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public string MountDirectory { get; }

    public X509Certificate2 Authority { get; }

    public string CertificateFile => Path.Combine(MountDirectory, "tls.crt");

    public string KeyFile => Path.Combine(MountDirectory, "tls.key");

    /// <summary>Issues a new serving certificate and atomically switches the mount to it; returns its thumbprint.</summary>
    public string Rotate(string commonName, bool mismatchedKey = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("family.assistants.svc");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));

        var generation = Path.Combine(MountDirectory, $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{++_generation}");
        Directory.CreateDirectory(generation);
        File.WriteAllText(Path.Combine(generation, "tls.crt"), leaf.ExportCertificatePem() + "\n" + Authority.ExportCertificatePem() + "\n");
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(generation, "tls.key"), (mismatchedKey ? otherKey : key).ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(generation, "ca.crt"), Authority.ExportCertificatePem() + "\n");

        var data = Path.Combine(MountDirectory, "..data");
        var staging = Path.Combine(MountDirectory, "..data_tmp");
        File.CreateSymbolicLink(staging, Path.GetFileName(generation));
        if (Rename(staging, data) != 0)
        {
            throw new IOException($"rename failed: errno {Marshal.GetLastPInvokeError()}");
        }

        foreach (var file in new[] { "tls.crt", "tls.key", "ca.crt" })
        {
            var link = Path.Combine(MountDirectory, file);
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.Combine("..data", file));
            }
        }

        return leaf.Thumbprint;
    }

    public void Dispose() => Authority.Dispose();

    // rename(2) swaps the ..data symlink atomically, exactly as the kubelet does.
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Rename(string oldPath, string newPath);
}
