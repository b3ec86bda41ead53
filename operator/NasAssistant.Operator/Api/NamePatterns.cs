namespace NasAssistant.Operator.Api;

/// <summary>Regular expressions for Kubernetes names (RE2 syntax, as the API server evaluates them).</summary>
public static class NamePatterns
{
    /// <summary>Longest DNS-1123 subdomain.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>Longest label value, and longest name part of a qualified name.</summary>
    public const int LabelValueMaxLength = 63;

    /// <summary>Longest qualified name: a 253-character prefix, '/', and a 63-character name.</summary>
    public const int QualifiedNameMaxLength = Dns1123SubdomainMaxLength + 1 + LabelValueMaxLength;

    private const string Subdomain = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    // The name part of a qualified name: 1 to 63 characters (IsQualifiedName).
    private const string NamePart = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";

    /// <summary>A DNS-1123 subdomain: lowercase alphanumerics, '-' and '.'.</summary>
    public const string Dns1123Subdomain = "^" + Subdomain + "$";

    /// <summary>A DNS-1123 subdomain or the empty string, which a pod spec reads as "not set".</summary>
    public const string Dns1123SubdomainOrEmpty = "^(" + Subdomain + ")?$";

    /// <summary>A DNS name that may start with a wildcard label.</summary>
    public const string DnsName = @"^(\*\.)?" + Subdomain + "$";

    /// <summary>An IPv4 or IPv6 CIDR block.</summary>
    public const string Cidr = @"^(([0-9]{1,3}\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))$";

    /// <summary>A DNS-1123 label short enough that NAME-sessions and similar child names stay valid.</summary>
    public const string Dns1123Label = "^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$";

    /// <summary>A channel name: a DNS-1123 label (its length is bounded apart, so ChannelReady.NAME stays a condition type).</summary>
    public const string ChannelName = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>An http or https address of a messenger's API server: a host, then an optional path.</summary>
    public const string ApiBaseUrl = "^https?://[^\\s/]+(/[^\\s]*)?$";

    /// <summary>A messenger's user or chat id: printable ASCII without spaces (each kind checks its own form).</summary>
    public const string PlatformId = "^[!-~]+$";

    /// <summary>A namespace name: a DNS-1123 label of at most 63 characters (ValidateNamespaceName).</summary>
    public const string NamespaceName = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>
    /// A qualified name, the syntax of label keys (IsQualifiedName): an optional DNS-1123 subdomain prefix
    /// and '/', then a name of 1 to 63 alphanumerics, '-', '_' and '.' that starts and ends alphanumeric.
    /// The prefix's own limit of 253 characters is beyond a regular expression; a rule checks it.
    /// </summary>
    public const string QualifiedName = "^(" + Subdomain + "/)?" + NamePart + "$";

    /// <summary>A qualified name or the empty string (a toleration's key may be empty).</summary>
    public const string QualifiedNameOrEmpty = "^((" + Subdomain + "/)?" + NamePart + ")?$";

    /// <summary>
    /// A label value (IsValidLabelValue): empty, or alphanumerics, '-', '_' and '.' that start and end
    /// alphanumeric, at most <see cref="LabelValueMaxLength"/> characters.
    /// </summary>
    public const string LabelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
}
