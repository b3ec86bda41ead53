using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// IP and CIDR checks of k8s.io/apimachinery/pkg/util/validation/ip.go: IsValidIP (strict, canonical)
/// and IsValidCIDRForLegacyField without strict validation.
/// </summary>
internal static class Addresses
{
    /// <summary>IsValidIP.</summary>
    public static List<string> Ip(string value)
    {
        if (!TryParse(value, out var address, out var leadingZeros))
        {
            return ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"];
        }

        var errors = new List<string>();
        if (leadingZeros)
        {
            errors.Add("must not have leading 0s");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            errors.Add("must not be an IPv4-mapped IPv6 address");
        }

        if (errors.Count == 0 && address.ToString() != value)
        {
            errors.Add($"must be in canonical form ({GoSyntax.Quote(address.ToString())})");
        }

        return errors;
    }

    public static bool IsIPv6(string value) => TryParse(value, out var address, out _) && address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>IsValidCIDRForLegacyField without strict validation: an address and a prefix length.</summary>
    public static List<string> LegacyCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var valid = slash > 0 &&
            TryParse(value[..slash], out var address, out _) &&
            int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) &&
            prefix <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return valid ? [] : ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"];
    }

    /// <summary>Whether CIDR <paramref name="inner"/> is a strict subset of <paramref name="outer"/> (both valid).</summary>
    public static bool StrictlyInside(string inner, string outer)
    {
        var (innerBytes, innerPrefix) = Network(inner);
        var (outerBytes, outerPrefix) = Network(outer);
        return innerBytes.Length == outerBytes.Length && outerPrefix < innerPrefix &&
            Mask(innerBytes, outerPrefix).SequenceEqual(outerBytes);
    }

    // The masked network address and prefix length of a valid CIDR.
    private static (byte[] Address, int Prefix) Network(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (!TryParse(cidr[..slash], out var address, out _))
        {
            return ([], 0);
        }

        var prefix = int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture);
        var bytes = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().GetAddressBytes() : address.GetAddressBytes();
        return (Mask(bytes, prefix), prefix);
    }

    private static byte[] Mask(byte[] address, int prefix) =>
        address.Select((b, i) => (byte)(b & (i * 8 >= prefix ? 0 : i * 8 + 8 <= prefix ? 0xff : 0xff << (8 - (prefix - (i * 8)))))).ToArray();

    // netutils.ParseIPSloppy: dotted quads (leading zeros allowed, noted) or IPv6.
    private static bool TryParse(string value, out IPAddress address, out bool leadingZeros)
    {
        address = IPAddress.None;
        leadingZeros = false;
        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (value.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(value, out var v6))
            {
                return false;
            }

            address = v6;
            return true;
        }

        var parts = value.Split('.');
        var bytes = new byte[4];
        if (parts.Length != 4)
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit) || int.Parse(parts[i], CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            leadingZeros |= parts[i].Length > 1 && parts[i][0] == '0';
            bytes[i] = byte.Parse(parts[i], CultureInfo.InvariantCulture);
        }

        address = new IPAddress(bytes);
        return true;
    }
}
