namespace NasAssistant.Gateway.Tests.Channels.WeCom;

/// <summary>
/// One of the samples WeCom publishes with its callback encryption library ("加解密库下载与返回码": the Sample
/// files of the official libraries, e.g. <c>callback/Sample.py</c> in github.com/sbzhu/weworkapi_python): an
/// application's Token, EncodingAESKey and CorpID, the URL check it receives and a member's message, with what
/// they decrypt to (each checked with openssl, see the fakes' README).
/// </summary>
public sealed record WeComPublishedSample(
    string Token,
    string EncodingAesKey,
    string CorpId,
    long AgentId,
    string UrlSignature,
    string UrlTimestamp,
    string UrlNonce,
    string EchoStr,
    string EchoPlain,
    string MessageSignature,
    string MessageTimestamp,
    string MessageNonce,
    string MessageBody,
    string MessagePlain,
    string Sender,
    string Content)
{
    /// <summary>The first sample (2014), the one the WeCom documentation's request examples show.</summary>
    public static readonly WeComPublishedSample Classic = new(
        "QDG6eK",
        "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        "wx5823bf96d3bd56c7",
        218,
        "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
        "1409659589",
        "263014780",
        "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
        "1616140317555161061",
        "477715d11cdb4164915debcba66cb864d751f3e6",
        "1409659813",
        "1372623149",
        "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>",
        "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>",
        "mycreate",
        "hello");

    /// <summary>The second sample (2016), of a company with a <c>ww</c> CorpID and a self-built application.</summary>
    public static readonly WeComPublishedSample SelfBuilt = new(
        "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
        "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
        "ww1436e0e65a779aee",
        1000002,
        "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb",
        "1476416373",
        "47744683",
        "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
        "1288432023552776189",
        "0c3914025cb4b4d68103f6bfc8db550f79dcf48e",
        "1476422779",
        "1597212914",
        "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>",
        "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>",
        "ChenJiaShun",
        "你好");

    /// <summary>Both samples, by name.</summary>
    public static TheoryData<string> Names => [nameof(Classic), nameof(SelfBuilt)];

    /// <summary>The sample named <paramref name="name"/>.</summary>
    public static WeComPublishedSample Named(string name) => name == nameof(Classic) ? Classic : SelfBuilt;

    /// <summary>The <c>Encrypt</c> element of <see cref="MessageBody"/>.</summary>
    public string MessageEncrypted => System.Xml.Linq.XElement.Parse(MessageBody).Element("Encrypt")!.Value;
}
