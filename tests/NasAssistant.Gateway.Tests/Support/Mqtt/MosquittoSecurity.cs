namespace NasAssistant.Gateway.Tests.Support.Mqtt;

/// <summary>A broker's TLS listener (its CA, certificate and key as PEM files), its users and its ACL file's lines.</summary>
public sealed record MosquittoSecurity(string CaFile, string CertificateFile, string KeyFile, IReadOnlyDictionary<string, string> Passwords, IReadOnlyList<string> Acl);
