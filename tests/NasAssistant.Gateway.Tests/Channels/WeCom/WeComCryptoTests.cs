using System.Security.Cryptography;
using NasAssistant.Gateway.Channels.WeCom;
using NasAssistant.Gateway.Tests.Fakes.WeCom;

namespace NasAssistant.Gateway.Tests.Channels.WeCom;

public sealed class WeComCryptoTests
{
    public static TheoryData<string> Samples => WeComPublishedSample.Names;

    [Theory]
    [MemberData(nameof(Samples))]
    public void PublishedUrlCheck_HasAValidSignature_AndDecryptsToItsEchoStr(string name)
    {
        var sample = WeComPublishedSample.Named(name);
        var crypto = new WeComCrypto(sample.Token, sample.EncodingAesKey, sample.CorpId);

        Assert.Equal(sample.UrlSignature, crypto.Signature(sample.UrlTimestamp, sample.UrlNonce, sample.EchoStr));
        Assert.True(crypto.SignatureMatches(sample.UrlSignature, sample.UrlTimestamp, sample.UrlNonce, sample.EchoStr));
        Assert.Equal(sample.EchoPlain, crypto.Decrypt(sample.EchoStr));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void PublishedMessage_HasAValidSignature_AndDecryptsToItsXml(string name)
    {
        var sample = WeComPublishedSample.Named(name);
        var crypto = new WeComCrypto(sample.Token, sample.EncodingAesKey, sample.CorpId);

        Assert.True(crypto.SignatureMatches(sample.MessageSignature, sample.MessageTimestamp, sample.MessageNonce, sample.MessageEncrypted));
        Assert.Equal(sample.MessagePlain, crypto.Decrypt(sample.MessageEncrypted));
    }

    [Theory]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3e7", "1409659813", "1372623149")]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3e6", "1409659814", "1372623149")]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623150")]
    [InlineData("", "1409659813", "1372623149")]
    [InlineData(null, "1409659813", "1372623149")]
    public void Signature_ThatDoesNotMatchEveryPart_IsRefused(string? signature, string timestamp, string nonce)
    {
        var sample = WeComPublishedSample.Classic;
        var crypto = new WeComCrypto(sample.Token, sample.EncodingAesKey, sample.CorpId);

        Assert.False(crypto.SignatureMatches(signature, timestamp, nonce, sample.MessageEncrypted));
    }

    [Fact]
    public void Signature_UnderAnotherToken_IsRefused()
    {
        var sample = WeComPublishedSample.Classic;
        var crypto = new WeComCrypto("QDG6eL", sample.EncodingAesKey, sample.CorpId);

        Assert.False(crypto.SignatureMatches(sample.MessageSignature, sample.MessageTimestamp, sample.MessageNonce, sample.MessageEncrypted));
    }

    [Fact]
    public void Message_MeantForAnotherCorpId_IsRefused()
    {
        var sample = WeComPublishedSample.Classic;
        var crypto = new WeComCrypto(sample.Token, sample.EncodingAesKey, "ww0000000000000000");

        var error = Assert.Throws<CryptographicException>(() => crypto.Decrypt(sample.MessageEncrypted));
        Assert.Contains("wx5823bf96d3bd56c7", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public void Decrypt_RefusesWhatIsNotACiphertext(string encrypted)
    {
        var sample = WeComPublishedSample.Classic;
        var crypto = new WeComCrypto(sample.Token, sample.EncodingAesKey, sample.CorpId);

        Assert.Throws<CryptographicException>(() => crypto.Decrypt(encrypted));
    }

    [Theory]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2CC")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2!")]
    public void EncodingAesKey_OfAnotherShape_IsRefused(string key)
    {
        Assert.Throws<FormatException>(() => new WeComCrypto("token", key, "ww1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(26)]
    [InlineData(2000)]
    public async Task Decrypt_ReadsWhatWeComEncrypts_WhateverPaddingItGot(int bytes)
    {
        // With the 18-character CorpID, a 26-byte message fills whole 32-byte blocks: WeCom then pads a full block of 32.
        await using var wecom = await FakeWeCom.StartAsync();
        var crypto = new WeComCrypto(wecom.Token, wecom.EncodingAesKey, wecom.CorpId);
        var text = new string('字', bytes / 3) + new string('a', bytes % 3);

        Assert.Equal(text, crypto.Decrypt(wecom.Encrypt(text, wecom.CorpId)));
    }
}
