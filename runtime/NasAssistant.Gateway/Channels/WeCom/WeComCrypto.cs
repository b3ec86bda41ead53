using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NasAssistant.Gateway.Channels.Webhooks;

namespace NasAssistant.Gateway.Channels.WeCom;

/// <summary>
/// WeCom's callback security, as its developer guide describes it ("加解密方案说明"): <c>msg_signature</c> is the
/// SHA-1, in hex, of the token, timestamp, nonce and encrypted text sorted and joined; the encrypted text is
/// Base64 of AES-256-CBC with the AESKey (Base64 of the EncodingAESKey plus "="), the IV its first 16 bytes and
/// PKCS#7 padding to a multiple of 32 bytes, over 16 random bytes, the message's length in 4 bytes of network
/// order, the message, and the CorpID it is meant for.
/// </summary>
internal sealed class WeComCrypto
{
    private const int KeyLength = 43;
    private const int PaddingBlock = 32;
    private readonly string _token;
    private readonly byte[] _key;
    private readonly string _corpId;

    /// <summary>Creates the crypto of one application.</summary>
    /// <exception cref="FormatException"><paramref name="encodingAesKey"/> is not 43 characters of Base64 that decode to 32 bytes.</exception>
    public WeComCrypto(string token, string encodingAesKey, string corpId)
    {
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        if (encodingAesKey.Length != KeyLength)
        {
            throw new FormatException($"an EncodingAESKey has {KeyLength} characters, not {encodingAesKey.Length}");
        }

        _token = token;
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _corpId = corpId;
    }

    /// <summary>The <c>msg_signature</c> of <paramref name="encrypted"/> sent at <paramref name="timestamp"/> with <paramref name="nonce"/>.</summary>
    public string Signature(string timestamp, string nonce, string encrypted)
    {
        string[] parts = [_token, timestamp, nonce, encrypted];
        Array.Sort(parts, StringComparer.Ordinal);
#pragma warning disable CA5350 // WeCom defines msg_signature as SHA-1; the gateway must compute the same.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
#pragma warning restore CA5350
    }

    /// <summary>True when <paramref name="signature"/> is the <see cref="Signature"/> of the rest.</summary>
    public bool SignatureMatches(string? signature, string timestamp, string nonce, string encrypted) =>
        WebhookSignatures.Matches(signature, Signature(timestamp, nonce, encrypted));

    /// <summary>The message inside <paramref name="encrypted"/>.</summary>
    /// <exception cref="CryptographicException">It is not Base64 of a well-formed ciphertext under this key, or it is meant for another CorpID.</exception>
    public string Decrypt(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("the encrypted text is not Base64", e);
        }

        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            throw new CryptographicException("the encrypted text is not whole AES blocks");
        }

        using var aes = Aes.Create();
        aes.Key = _key;

        // PKCS#7 to 32-byte blocks pads with up to 32 bytes, more than .NET's 16-byte AES padding accepts: it is removed here.
        var plain = aes.DecryptCbc(cipher, _key.AsSpan(0, 16), PaddingMode.None);
        var pad = plain[^1];
        if (pad is < 1 or > PaddingBlock || pad > plain.Length || plain.AsSpan(plain.Length - pad).ContainsAnyExcept(pad))
        {
            throw new CryptographicException("the decrypted text has no valid padding (another key?)");
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20)
        {
            throw new CryptographicException("the decrypted text is too short");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(content.Slice(16, 4));
        if (length < 0 || length > content.Length - 20)
        {
            throw new CryptographicException("the decrypted text's length field is out of range");
        }

        var receiveId = Encoding.UTF8.GetString(content[(20 + length)..]);
        if (receiveId != _corpId)
        {
            throw new CryptographicException($"the message is meant for CorpID '{receiveId}', not this channel's");
        }

        return Encoding.UTF8.GetString(content.Slice(20, length));
    }
}
