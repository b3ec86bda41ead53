using System.Globalization;
using System.Numerics;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// resource.Quantity (k8s.io/apimachinery/pkg/api/resource/quantity.go): parsing with the real
/// server's errors, exact comparison, and the canonical form it serialises (0.5 → 500m, 1024Mi → 1Gi).
/// </summary>
/// <remarks>
/// The value is <c>Unscaled × 10^Scale</c>, exact. Like ParseQuantity's fast path, a string that is
/// already in canonical form is kept as written and serialised unchanged.
/// </remarks>
internal sealed class Quantity : IComparable<Quantity>
{
    /// <summary>ErrFormatWrong.</summary>
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>ErrSuffix.</summary>
    public const string SuffixError = "unable to parse quantity's suffix";

    /// <summary>ErrNumeric.</summary>
    public const string NumericError = "unable to parse numeric part of quantity";

    private const int NanoScale = -9;
    private const int MaxInt64Factors = 18;
    private static readonly BigInteger MaxAllowed = long.MaxValue;

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly Dictionary<string, int> DecimalSuffixes = new(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [string.Empty] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private readonly string? _written;

    private Quantity(BigInteger unscaled, int scale, QuantityFormat format, string? written)
    {
        Unscaled = unscaled;
        Scale = scale;
        Format = format;
        _written = written;
    }

    public BigInteger Unscaled { get; }

    public int Scale { get; }

    public QuantityFormat Format { get; }

    public int Sign => Unscaled.Sign;

    /// <summary>How the real server serialises the value: the canonical form, or the input when it was already canonical.</summary>
    public override string ToString() => _written ?? Canonical();

    /// <summary>ParseQuantity: null and the real server's error when the text is not a quantity.</summary>
    public static Quantity? Parse(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            error = FormatError;
            return null;
        }

        if (text == "0")
        {
            return new Quantity(BigInteger.Zero, 0, QuantityFormat.DecimalSI, text);
        }

        if (!Split(text, out var positive, out var value, out var num, out var denom, out var suffix))
        {
            error = FormatError;
            return null;
        }

        if (!Interpret(suffix, out var exponentBase, out var exponent, out var format))
        {
            error = SuffixError;
            return null;
        }

        return Fast(text, positive, num, denom, exponent, format) ?? Slow(value, exponentBase, exponent, format, out error);
    }

    /// <summary>Value comparison, whatever the format (Quantity.Cmp).</summary>
    public int CompareTo(Quantity? other)
    {
        if (other is null)
        {
            return 1;
        }

        var scale = Math.Min(Scale, other.Scale);
        return (Unscaled * BigInteger.Pow(10, Scale - scale)).CompareTo(other.Unscaled * BigInteger.Pow(10, other.Scale - scale));
    }

    /// <summary>ceil(value × 10^-scale) away from zero, as an exact integer (ScaledValue).</summary>
    public BigInteger ScaledValue(int scale)
    {
        if (Scale >= scale)
        {
            return Unscaled * BigInteger.Pow(10, Scale - scale);
        }

        var divisor = BigInteger.Pow(10, scale - Scale);
        var quotient = BigInteger.DivRem(BigInteger.Abs(Unscaled), divisor, out var remainder);
        if (!remainder.IsZero)
        {
            quotient += 1;
        }

        return Unscaled.Sign < 0 ? -quotient : quotient;
    }

    /// <summary>RoundUp(scale): rounds away from zero to 10^scale (SetDefaults_ResourceList uses milli).</summary>
    public Quantity RoundUp(int scale) =>
        Scale >= scale ? this : new Quantity(ScaledValue(scale), scale, Format, null);

    /// <summary>The canonical form alone (CanonicalizeBytes), ignoring how the value was written.</summary>
    public string Canonical()
    {
        if (Unscaled.IsZero)
        {
            return "0";
        }

        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            var isInteger = Scale >= 0 || BigInteger.Remainder(Unscaled, BigInteger.Pow(10, -Scale)).IsZero;
            if ((CompareTo(FromInteger(-1024)) > 0 && CompareTo(FromInteger(1024)) < 0) || !isInteger)
            {
                format = QuantityFormat.DecimalSI;
            }
            else
            {
                return Base1024();
            }
        }

        // AsCanonicalBytes: move factors of ten into the exponent, then lower it to a multiple of three.
        var mantissa = Unscaled;
        var exponent = Scale;
        while (!mantissa.IsZero && BigInteger.Remainder(mantissa, 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }

        while (exponent % 3 != 0 || (format == QuantityFormat.DecimalSI && exponent > 18))
        {
            mantissa *= 10;
            exponent--;
        }

        var number = mantissa.ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalExponent)
        {
            return exponent == 0 ? number : string.Create(CultureInfo.InvariantCulture, $"{number}e{exponent}");
        }

        return number + DecimalSuffixes.First(s => s.Value == exponent).Key;
    }

    private string Base1024()
    {
        var value = ScaledValue(0);
        var power = 0;
        while (power < BinarySuffixes.Length - 1 && !value.IsZero && BigInteger.Remainder(value, 1024).IsZero)
        {
            value /= 1024;
            power++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
    }

    private static Quantity FromInteger(long value) => new(value, 0, QuantityFormat.DecimalSI, null);

    // ParseQuantity's fast path: an int64 amount, keeping the text when it is already canonical.
    private static Quantity? Fast(string text, bool positive, string num, string denom, int exponent, QuantityFormat format)
    {
        int precision;
        var scale = 0;
        var mantissa = BigInteger.One;
        if (format == QuantityFormat.BinarySI)
        {
            if (exponent < 0 || denom.Length > 0)
            {
                return null;
            }

            mantissa = BigInteger.One << exponent;
            precision = 15 - num.Length - (int)((float)exponent * 3 / 10) - 1;
        }
        else
        {
            scale = exponent;
            precision = MaxInt64Factors - (num.Length + denom.Length);
        }

        if (precision < 0)
        {
            return null;
        }

        scale -= denom.Length;
        if (scale < NanoScale)
        {
            return null;
        }

        var shifted = num + denom;
        var value = BigInteger.Parse(shifted, CultureInfo.InvariantCulture);
        var result = value * mantissa;
        if (result > MaxAllowed)
        {
            return null;
        }

        if (!positive)
        {
            result = -result;
        }

        var canonical = format == QuantityFormat.BinarySI
            ? exponent % 10 == 0 && (value & 7) != 0
            : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
        return new Quantity(result, scale, format, canonical ? text : null);
    }

    // The slow path: exact decimal arithmetic, rounded up to nano units, BinarySI capped at 2^63-1.
    private static Quantity? Slow(string value, int exponentBase, int exponent, QuantityFormat format, out string? error)
    {
        error = null;
        if (!TryParseDecimal(value, out var unscaled, out var scale))
        {
            error = NumericError;
            return null;
        }

        if (exponentBase == 10)
        {
            scale += exponent;
        }
        else
        {
            unscaled *= BigInteger.One << exponent;
        }

        var amount = new Quantity(BigInteger.Abs(unscaled), scale, format, null);
        if (!amount.Unscaled.IsZero)
        {
            amount = amount.RoundUp(NanoScale);
        }

        if (format == QuantityFormat.BinarySI && amount.CompareTo(new Quantity(MaxAllowed, 0, format, null)) > 0)
        {
            amount = new Quantity(MaxAllowed, 0, format, null);
        }

        if (format == QuantityFormat.BinarySI && amount.Sign > 0 && amount.CompareTo(FromInteger(1)) < 0)
        {
            format = QuantityFormat.DecimalSI;
        }

        return new Quantity(unscaled.Sign < 0 ? -amount.Unscaled : amount.Unscaled, amount.Scale, format, null);
    }

    // inf.Dec.SetString: an optional sign, digits and at most one point.
    private static bool TryParseDecimal(string text, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        if (text.Length - body.Length > 1)
        {
            return false;
        }

        var point = body.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? body : body.Remove(point, 1);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        unscaled = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        if (negative)
        {
            unscaled = -unscaled;
        }

        scale = point < 0 ? 0 : -(body.Length - point - 1);
        return true;
    }

    // parseQuantityString: sign, numerator (leading zeros dropped), denominator and suffix.
    private static bool Split(string text, out bool positive, out string value, out string num, out string denom, out string suffix)
    {
        positive = true;
        value = num = denom = suffix = string.Empty;
        var pos = 0;
        var end = text.Length;
        if (text[0] == '-')
        {
            positive = false;
            pos++;
        }
        else if (text[0] == '+')
        {
            pos++;
        }

        while (pos < end && text[pos] == '0')
        {
            pos++;
        }

        if (pos >= end)
        {
            num = "0";
            value = num;
            return true;
        }

        var start = pos;
        while (pos < end && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        num = text[start..pos];
        if (pos >= end)
        {
            value = text;
            return true;
        }

        if (num.Length == 0)
        {
            num = "0";
        }

        if (text[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < end && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            denom = text[start..pos];
            if (pos >= end)
            {
                value = text;
                return true;
            }
        }

        value = text[..pos];
        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(text[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < end && text[pos] is '-' or '+')
        {
            pos++;
        }

        while (pos < end && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        suffix = text[suffixStart..];
        return pos >= end;
    }

    // suffixHandler.interpret: binary (Ki..Ei), decimal SI (n..E) or a decimal exponent (e3, E-2).
    private static bool Interpret(string suffix, out int exponentBase, out int exponent, out QuantityFormat format)
    {
        var binary = Array.IndexOf(BinarySuffixes, suffix);
        if (binary > 0)
        {
            (exponentBase, exponent, format) = (2, binary * 10, QuantityFormat.BinarySI);
            return true;
        }

        if (DecimalSuffixes.TryGetValue(suffix, out var decimalExponent))
        {
            (exponentBase, exponent, format) = (10, decimalExponent, QuantityFormat.DecimalSI);
            return true;
        }

        (exponentBase, exponent, format) = (10, 0, QuantityFormat.DecimalExponent);
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' &&
            long.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            exponent = unchecked((int)parsed);
            return true;
        }

        return false;
    }
}
