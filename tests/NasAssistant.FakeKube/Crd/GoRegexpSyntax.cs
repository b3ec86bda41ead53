namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// Whether a pattern compiles with Go's <c>regexp</c> package (RE2 syntax), and Go's error text
/// when it does not (<c>regexp/syntax</c>: <c>error parsing regexp: &lt;code&gt;: `&lt;expr&gt;`</c>).
/// Covers the errors schemas run into: unbalanced groups and classes, bad escapes (including
/// backreferences), repetition without an operand or of a repetition, bad counts, and Perl
/// constructs RE2 lacks such as lookarounds.
/// </summary>
internal sealed class GoRegexpSyntax
{
    private const string PerlClasses = "dDsSwW";
    private const string AssertionEscapes = "bBAz";
    private const string ControlEscapes = "afnrtv";

    private readonly string _pattern;
    private int _position;

    private GoRegexpSyntax(string pattern) => _pattern = pattern;

    /// <summary>Go's error message for an invalid pattern, or null when it compiles.</summary>
    public static string? Check(string pattern)
    {
        var problem = new GoRegexpSyntax(pattern).Parse();
        return problem is null ? null : $"error parsing regexp: {problem.Value.Code}: `{problem.Value.Expr}`";
    }

    private (string Code, string Expr)? Parse()
    {
        var depth = 0;
        var canRepeat = false;
        var lastWasRepeat = false;
        var lastRepeatStart = 0;
        while (_position < _pattern.Length)
        {
            var c = _pattern[_position];
            switch (c)
            {
                case '(':
                    if (Group() is { } groupProblem)
                    {
                        return groupProblem;
                    }

                    depth++;
                    canRepeat = false;
                    lastWasRepeat = false;
                    continue;
                case ')':
                    if (depth == 0)
                    {
                        return ("unexpected )", _pattern);
                    }

                    depth--;
                    _position++;
                    canRepeat = true;
                    lastWasRepeat = false;
                    continue;
                case '|':
                    _position++;
                    canRepeat = false;
                    lastWasRepeat = false;
                    continue;
                case '*' or '+' or '?':
                    {
                        var start = _position;
                        _position++;
                        if (_position < _pattern.Length && _pattern[_position] == '?')
                        {
                            _position++;
                        }

                        if (Repeat(start, ref canRepeat, ref lastWasRepeat, ref lastRepeatStart) is { } repeatProblem)
                        {
                            return repeatProblem;
                        }

                        continue;
                    }

                case '{' when RepeatCount() is { } count:
                    {
                        var start = _position;
                        _position += count.Length;
                        if (count.Min > 1000 || count.Max > 1000 || (count.Max >= 0 && count.Max < count.Min))
                        {
                            return ("invalid repeat count", _pattern[start.._position]);
                        }

                        if (_position < _pattern.Length && _pattern[_position] == '?')
                        {
                            _position++;
                        }

                        if (Repeat(start, ref canRepeat, ref lastWasRepeat, ref lastRepeatStart) is { } repeatProblem)
                        {
                            return repeatProblem;
                        }

                        continue;
                    }

                case '[':
                    if (CharClass() is { } classProblem)
                    {
                        return classProblem;
                    }

                    break;
                case '\\':
                    if (Escape(inClass: false) is { } escapeProblem)
                    {
                        return escapeProblem;
                    }

                    break;
                case '^' or '$':
                    _position++;
                    canRepeat = true;
                    lastWasRepeat = false;
                    continue;
                default:
                    _position++;
                    break;
            }

            canRepeat = true;
            lastWasRepeat = false;
        }

        return depth > 0 ? ("missing closing )", _pattern) : null;
    }

    private (string, string)? Repeat(int start, ref bool canRepeat, ref bool lastWasRepeat, ref int lastRepeatStart)
    {
        if (lastWasRepeat)
        {
            return ("invalid nested repetition operator", _pattern[lastRepeatStart.._position]);
        }

        if (!canRepeat)
        {
            return ("missing argument to repetition operator", _pattern[start.._position]);
        }

        lastWasRepeat = true;
        lastRepeatStart = start;
        return null;
    }

    private (string, string)? Group()
    {
        var start = _position;
        _position++;
        if (_position >= _pattern.Length || _pattern[_position] != '?')
        {
            return null;
        }

        var rest = _pattern[_position..];
        if (rest.StartsWith("?P<", StringComparison.Ordinal) || rest.StartsWith("?<", StringComparison.Ordinal))
        {
            var nameStart = _position + (rest[1] == 'P' ? 3 : 2);
            var end = _pattern.IndexOf('>', nameStart);
            if (end < 0 || end == nameStart || !_pattern[nameStart..end].All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                return ("invalid named capture", end < 0 ? _pattern[start..] : _pattern[start..(end + 1)]);
            }

            _position = end + 1;
            return null;
        }

        // Flag groups: (?flags) and (?flags:...), flags from imsU with an optional minus.
        var i = _position + 1;
        while (i < _pattern.Length && (_pattern[i] is 'i' or 'm' or 's' or 'U' or '-'))
        {
            i++;
        }

        if (i < _pattern.Length && (_pattern[i] == ':' || (_pattern[i] == ')' && i > _position + 1)))
        {
            _position = _pattern[i] == ':' ? i + 1 : i;
            return null;
        }

        return ("invalid or unsupported Perl syntax", _pattern[start..Math.Min(i + 1, _pattern.Length)]);
    }

    private (int Min, int Max, int Length)? RepeatCount()
    {
        var end = _pattern.IndexOf('}', _position);
        if (end < 0)
        {
            return null;
        }

        var body = _pattern[(_position + 1)..end];
        var parts = body.Split(',');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        var min = Bounded(parts[0]);
        var max = parts.Length == 1 ? min : parts[1].Length == 0 ? -1 : Bounded(parts[1]);
        return (min, max, end - _position + 1);
    }

    private static int Bounded(string digits) => digits.Length > 4 ? 100000 : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    private (string, string)? CharClass()
    {
        var start = _position;
        _position++;
        if (_position < _pattern.Length && _pattern[_position] == '^')
        {
            _position++;
        }

        var first = true;
        while (_position < _pattern.Length && (_pattern[_position] != ']' || first))
        {
            first = false;
            if (_pattern[_position] == '[' && _pattern.AsSpan(_position).StartsWith("[:"))
            {
                var close = _pattern.IndexOf(":]", _position + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    _position = close + 2;
                    continue;
                }
            }

            var lowStart = _position;
            if (ClassAtom() is { Problem: { } problem })
            {
                return problem;
            }

            var low = _pattern[lowStart.._position];
            if (_position + 1 < _pattern.Length && _pattern[_position] == '-' && _pattern[_position + 1] != ']')
            {
                _position++;
                var highStart = _position;
                if (ClassAtom() is { Problem: { } highProblem })
                {
                    return highProblem;
                }

                var high = _pattern[highStart.._position];
                if (Literal(low) is { } lo && Literal(high) is { } hi && hi < lo)
                {
                    return ("invalid character class range", _pattern[lowStart.._position]);
                }
            }
        }

        if (_position >= _pattern.Length)
        {
            return ("missing closing ]", _pattern[start..]);
        }

        _position++;
        return null;
    }

    private ((string, string)? Problem, bool Ok) ClassAtom()
    {
        if (_pattern[_position] == '\\')
        {
            return (Escape(inClass: true), true);
        }

        _position += char.IsSurrogatePair(_pattern, _position) ? 2 : 1;
        return (null, true);
    }

    private static int? Literal(string atom) => atom.Length switch
    {
        1 => atom[0],
        2 when atom[0] == '\\' && !char.IsAsciiLetterOrDigit(atom[1]) => atom[1],
        2 when char.IsSurrogatePair(atom, 0) => char.ConvertToUtf32(atom, 0),
        _ => null,
    };

    private (string, string)? Escape(bool inClass)
    {
        var start = _position;
        if (_position + 1 >= _pattern.Length)
        {
            return ("trailing backslash at end of expression", string.Empty);
        }

        var c = _pattern[_position + 1];
        _position += 2;
        if (c is >= '1' and <= '9')
        {
            return ("invalid escape sequence", _pattern[start.._position]);
        }

        if (c == '0' || ControlEscapes.Contains(c, StringComparison.Ordinal) || PerlClasses.Contains(c, StringComparison.Ordinal)
            || (!inClass && AssertionEscapes.Contains(c, StringComparison.Ordinal)) || !char.IsAsciiLetterOrDigit(c))
        {
            return null;
        }

        switch (c)
        {
            case 'x':
                if (_position < _pattern.Length && _pattern[_position] == '{')
                {
                    var close = _pattern.IndexOf('}', _position);
                    if (close < 0 || !_pattern[(_position + 1)..close].All(char.IsAsciiHexDigit) || close == _position + 1)
                    {
                        return ("invalid escape sequence", _pattern[start..Math.Min(_pattern.Length, close < 0 ? _pattern.Length : close + 1)]);
                    }

                    _position = close + 1;
                    return null;
                }

                if (_position + 2 <= _pattern.Length && char.IsAsciiHexDigit(_pattern[_position]) && char.IsAsciiHexDigit(_pattern[_position + 1]))
                {
                    _position += 2;
                    return null;
                }

                return ("invalid escape sequence", _pattern[start..Math.Min(_pattern.Length, _position + 2)]);
            case 'p' or 'P':
                if (_position < _pattern.Length && _pattern[_position] == '{')
                {
                    var close = _pattern.IndexOf('}', _position);
                    if (close < 0)
                    {
                        return ("invalid character class range", _pattern[start..]);
                    }

                    _position = close + 1;
                    return null;
                }

                if (_position < _pattern.Length)
                {
                    _position++;
                    return null;
                }

                return ("invalid character class range", _pattern[start..]);
            case 'Q':
                var end = _pattern.IndexOf("\\E", _position, StringComparison.Ordinal);
                _position = end < 0 ? _pattern.Length : end + 2;
                return null;
            default:
                return ("invalid escape sequence", _pattern[start.._position]);
        }
    }
}
