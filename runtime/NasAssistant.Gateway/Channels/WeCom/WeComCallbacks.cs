using System.Diagnostics;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.WeCom;

/// <summary>
/// Reads WeCom's callback XML: the envelope (<c>&lt;xml&gt;&lt;ToUserName/&gt;&lt;AgentID/&gt;&lt;Encrypt/&gt;&lt;/xml&gt;</c>)
/// and, once decrypted, the message ("接收消息": <c>FromUserName</c>, <c>MsgType</c>, <c>Content</c>, <c>MsgId</c>,
/// <c>AgentID</c>). Only text messages to this channel's application are for the assistant; events (a member
/// opening the application) and other message types are not. No DTD or external entity is ever read.
/// </summary>
internal static class WeComCallbacks
{
    private static readonly XmlReaderSettings Safe = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>The <c>Encrypt</c> element of a callback body, or null when the body is not one.</summary>
    public static string? Encrypted(byte[] body) => Parse(body)?.Root?.Element("Encrypt")?.Value;

    /// <summary>The text message in decrypted <paramref name="xml"/> for application <paramref name="agentId"/>, or null when there is none.</summary>
    public static InboundMessage? Message(string xml, long agentId)
    {
        var root = Parse(System.Text.Encoding.UTF8.GetBytes(xml))?.Root;
        if (root is null
            || root.Element("MsgType")?.Value != "text"
            || !long.TryParse(root.Element("AgentID")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var agent) || agent != agentId
            || root.Element("FromUserName")?.Value is not { Length: > 0 } user
            || root.Element("MsgId")?.Value is not { Length: > 0 } id
            || root.Element("Content")?.Value.Trim() is not { Length: > 0 } text)
        {
            return null;
        }

        // A self-built application's messages are always private: the member is the chat.
        return new InboundMessage(id, user, user, text, IsGroup: false, Stopwatch.GetTimestamp());
    }

    private static XDocument? Parse(byte[] body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), Safe);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
