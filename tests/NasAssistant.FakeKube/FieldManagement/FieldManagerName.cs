using System.Globalization;
using System.Text;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// The manager a write is recorded under: the <c>fieldManager</c> parameter (ValidateFieldManager:
/// at most 128 printable characters) or, without it, the User-Agent up to its first slash
/// (prefixFromUserAgent in apiserver/pkg/endpoints/handlers/rest.go).
/// </summary>
internal static class FieldManagerName
{
    public const int MaxLength = 128;

    public static FieldError? Validate(string manager)
    {
        if (Encoding.UTF8.GetByteCount(manager) > MaxLength)
        {
            return new FieldError("FieldValueTooLong", "fieldManager", $"Too long: may not be more than {MaxLength} bytes");
        }

        for (var i = 0; i < manager.Length; i++)
        {
            if (!IsPrint(manager, i))
            {
                return FieldError.Invalid("fieldManager", FieldError.Render(System.Text.Json.Nodes.JsonValue.Create(manager)),
                    $"invalid character U+{(int)manager[i]:X4} (at position {i})");
            }
        }

        return null;
    }

    public static string FromUserAgent(string userAgent)
    {
        var prefix = userAgent.Split('/')[0];
        var builder = new StringBuilder();
        var runes = prefix.EnumerateRunes().ToList();
        foreach (var rune in runes)
        {
            if (!IsPrint(rune))
            {
                continue;
            }

            if (Encoding.UTF8.GetByteCount(builder.ToString()) + rune.Utf8SequenceLength > MaxLength)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static bool IsPrint(string text, int index) => IsPrint(Rune.GetRuneAt(text, char.IsLowSurrogate(text[index]) && index > 0 ? index - 1 : index));

    // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
