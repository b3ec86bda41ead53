using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support.Mqtt;

/// <summary>A broker's TLS listener (a serving certificate for 127.0.0.1 from <paramref name="Certificates"/>), its users and its ACL file's lines.</summary>
public sealed record MosquittoSecurity(TestCertificates Certificates, IReadOnlyDictionary<string, string> Passwords, IReadOnlyList<string> Acl);
