using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Runtime.Security;

/// <summary>
/// Reads the API key file: one key per line as <c>name:key</c> or <c>name:key:role</c> (role <c>user</c>, <c>admin</c> or
/// <c>gateway</c>; <c>user</c> when left out); blank lines and <c>#</c> comments are ignored. A line without <c>:</c> is a key
/// in the earlier format: a user named <c>key-</c> and the first 8 hex digits of the key's SHA-256. Errors name the line,
/// never what is on it, since any part of a malformed line may be a key.
/// </summary>
internal static class ApiKeyFile
{
    private const string LegacyNamePrefix = "key-";

    /// <summary>The keys the lines hold.</summary>
    /// <exception cref="InvalidDataException">A line is malformed; the message names it.</exception>
    public static IReadOnlyList<ApiKey> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var keys = new List<ApiKey>();
        var lineOfDigest = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstOfName = new Dictionary<string, (ApiKeyRole Role, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var number = i + 1;
            var key = ParseLine(line, number);
            if (!lineOfDigest.TryAdd(Convert.ToHexString(key.Digest), number))
            {
                throw Invalid(number, $"the same key as line {lineOfDigest[Convert.ToHexString(key.Digest)]}");
            }

            // One name on several lines is one identity with several keys (a rotation in progress), so the roles must agree.
            if (!firstOfName.TryAdd(key.Name, (key.Role, number)) && firstOfName[key.Name].Role != key.Role)
            {
                var first = firstOfName[key.Name];
                throw Invalid(number, $"the name has role {Describe(first.Role)} on line {first.Line} but {Describe(key.Role)} here");
            }

            keys.Add(key);
        }

        return keys;
    }

    /// <summary>The identity a key in the earlier one-key-per-line format stands for.</summary>
    public static string LegacyName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return LegacyNamePrefix + Convert.ToHexStringLower(Digest(key))[..8];
    }

    private static ApiKey ParseLine(string line, int number)
    {
        var parts = line.Split(':');
        if (parts.Length == 1)
        {
            return new ApiKey(LegacyName(line), ApiKeyRole.User, Digest(line));
        }

        if (parts.Length > 3)
        {
            throw Invalid(number, "expected name:key or name:key:role (a key cannot hold ':')");
        }

        var name = parts[0].Trim();
        var secret = parts[1].Trim();
        if (!IdentityNames.IsKeyName(name))
        {
            throw Invalid(number, $"the part before the first ':' is not a key name: {IdentityNames.KeyNameRule}");
        }

        if (name == Caller.AnonymousName)
        {
            throw Invalid(number, $"'{Caller.AnonymousName}' is reserved for requests without a key file and cannot name a key");
        }

        if (secret.Length == 0)
        {
            throw Invalid(number, "the key is empty");
        }

        return new ApiKey(name, parts.Length == 3 ? ParseRole(parts[2].Trim(), number) : ApiKeyRole.User, Digest(secret));
    }

    private static ApiKeyRole ParseRole(string role, int number) => role switch
    {
        "user" => ApiKeyRole.User,
        "admin" => ApiKeyRole.Admin,
        "gateway" => ApiKeyRole.Gateway,
        _ => throw Invalid(number, "the role after the second ':' must be user, admin or gateway"),
    };

    private static string Describe(ApiKeyRole role) => role.ToString().ToLowerInvariant();

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static InvalidDataException Invalid(int line, string problem) => new($"line {line}: {problem}");
}
