namespace NasAssistant.Operator.Api;

/// <summary>Regular expressions for Kubernetes names (RE2 syntax, as the API server evaluates them).</summary>
public static class NamePatterns
{
    /// <summary>A DNS-1123 subdomain: lowercase alphanumerics, '-' and '.'.</summary>
    public const string Dns1123Subdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>A DNS name that may start with a wildcard label.</summary>
    public const string DnsName = @"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>An IPv4 or IPv6 CIDR block.</summary>
    public const string Cidr = @"^(([0-9]{1,3}\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))$";

    /// <summary>A DNS-1123 label short enough that NAME-sessions and similar child names stay valid.</summary>
    public const string Dns1123Label = "^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$";
}
