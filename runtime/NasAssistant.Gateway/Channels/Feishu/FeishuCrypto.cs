using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Gateway.Channels.Feishu;

/// <summary>
/// Feishu's event encryption and signature ("接收事件"): with an Encrypt Key, an event arrives as
/// <c>{"encrypt": ...}</c>, the Base64 of a 16-byte IV followed by AES-256-CBC (PKCS#7) under the SHA-256 of the
/// Encrypt Key; and <c>X-Lark-Signature</c> is the hex SHA-256 of <c>X-Lark-Request-Timestamp</c>,
/// <c>X-Lark-Request-Nonce</c> and the Encrypt Key, followed by the raw body.
/// </summary>
internal static class FeishuCrypto
{
    /// <summary>The event inside <paramref name="encrypt"/>.</summary>
    /// <exception cref="CryptographicException">It is not Base64 of an IV and whole blocks under this key.</exception>
    public static string Decrypt(string encryptKey, string encrypt)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(encrypt);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("the encrypt field is not Base64", e);
        }

        if (raw.Length < 32 || raw.Length % 16 != 0)
        {
            throw new CryptographicException("the encrypt field is not an IV and whole AES blocks");
        }

        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptKey));
        return Encoding.UTF8.GetString(aes.DecryptCbc(raw.AsSpan(16), raw.AsSpan(0, 16)));
    }

    /// <summary>The <c>X-Lark-Signature</c> of <paramref name="body"/>.</summary>
    public static string Signature(string timestamp, string nonce, string encryptKey, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(timestamp + nonce + encryptKey));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
