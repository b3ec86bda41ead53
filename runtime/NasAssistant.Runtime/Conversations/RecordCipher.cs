using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// AES-256-GCM for record payloads: <c>nonce (12) | tag (16) | ciphertext</c>, a fresh random nonce per
/// record. The conversation id is the associated data, so a record copied into another conversation's
/// file does not open.
/// </summary>
internal sealed class RecordCipher
{
    /// <summary>Bytes a sealed payload adds to its plaintext.</summary>
    public const int Overhead = NonceSize + TagSize;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private RecordCipher(byte[] key) => _key = key;

    /// <summary>Reads a 32-byte key stored raw or as base64.</summary>
    /// <exception cref="InvalidDataException">The file holds neither form of a 32-byte key.</exception>
    public static RecordCipher FromKeyFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 32)
        {
            return new RecordCipher(bytes);
        }

        var text = Encoding.ASCII.GetString(bytes).Trim();
        var decoded = new byte[text.Length];
        if (Convert.TryFromBase64String(text, decoded, out var written) && written == 32)
        {
            return new RecordCipher(decoded[..32]);
        }

        throw new InvalidDataException($"'{path}' must hold a 32-byte AES-256 key, raw or base64 (it holds {bytes.Length} bytes that are neither)");
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for the conversation <paramref name="context"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        var sealedBytes = new byte[Overhead + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(Overhead), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return sealedBytes;
    }

    /// <summary>Decrypts a payload made by <see cref="Seal"/>.</summary>
    /// <exception cref="AuthenticationTagMismatchException">Another key, another conversation, or altered bytes.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedBytes, string context)
    {
        if (sealedBytes.Length < Overhead)
        {
            throw new AuthenticationTagMismatchException();
        }

        var plaintext = new byte[sealedBytes.Length - Overhead];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes[Overhead..], sealedBytes.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }
}
