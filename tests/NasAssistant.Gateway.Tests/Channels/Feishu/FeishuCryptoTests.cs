using System.Security.Cryptography;
using System.Text;
using NasAssistant.Gateway.Channels.Feishu;
using NasAssistant.Gateway.Tests.Fakes.Feishu;

namespace NasAssistant.Gateway.Tests.Channels.Feishu;

public sealed class FeishuCryptoTests
{
    // The decryption sample of Feishu's "接收事件" (receive events) page.
    private const string DocumentedKey = "test key";
    private const string DocumentedEncrypt = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";

    [Fact]
    public void Decrypt_TheDocumentedSample_GivesHelloWorld()
    {
        Assert.Equal("hello world", FeishuCrypto.Decrypt(DocumentedKey, DocumentedEncrypt));
    }

    [Theory]
    [InlineData("other key", DocumentedEncrypt)]
    [InlineData(DocumentedKey, "AAAA")]
    [InlineData(DocumentedKey, "not base64!")]
    [InlineData(DocumentedKey, "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzgh==")]
    public void Decrypt_RefusesAnotherKeyOrWhatIsNotACiphertext(string key, string encrypt)
    {
        Assert.ThrowsAny<CryptographicException>(() => FeishuCrypto.Decrypt(key, encrypt));
    }

    [Fact]
    public void Signature_GivesWhatOpensslGives()
    {
        // Feishu documents the algorithm with code, not a signed request; the documented sample as a body, signed with:
        //   printf '%s' '1608725989fdsjkltest key{"encrypt":"P37w+..."}' | openssl dgst -sha256
        var body = Encoding.UTF8.GetBytes($$"""{"encrypt":"{{DocumentedEncrypt}}"}""");

        Assert.Equal("db161138a42c63649ed9c87e8d302dc44996d7b9d361bdf6ca773fa5c7b80e32", FeishuCrypto.Signature("1608725989", "fdsjkl", DocumentedKey, body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"schema\":\"2.0\",\"header\":{\"event_id\":\"5e3702a84e847582be8db7fb73283c02\"}}")]
    [InlineData("飞书 Lark: a text of some length, to cross more than one AES block and check the padding on the way")]
    public void Decrypt_ReadsWhatFeishuEncrypts(string plain)
    {
        Assert.Equal(plain, FeishuCrypto.Decrypt("an encrypt key", FakeFeishu.Encrypt(plain, "an encrypt key")));
    }
}
