using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestrator.Tests.Aws;

/// <summary>
/// A strict evaluator of the CloudWatch Logs JSON filter patterns the alarms use, written to the
/// public syntax: <c>{ selector = "text" }</c>, <c>{ selector = %regex% }</c>, <c>&amp;&amp;</c>,
/// <c>||</c> and parentheses. Anything else (wildcards in quoted text, <c>!=</c>, numbers, mixing
/// <c>&amp;&amp;</c> with <c>||</c> without parentheses, regex characters CloudWatch refuses, more than two
/// regular expressions, more than 1024 characters) is rejected rather than guessed.
/// </summary>
internal sealed partial class CloudWatchFilterPattern
{
    private readonly Func<JsonElement, bool> _match;

    private CloudWatchFilterPattern(Func<JsonElement, bool> match) => _match = match;

    public static CloudWatchFilterPattern Parse(string pattern)
    {
        if (pattern.Length > 1024)
        {
            throw new FormatException("A filter pattern has at most 1024 characters.");
        }

        var parser = new Parser(pattern);
        var match = parser.ParsePattern();
        if (parser.RegexCount > 2)
        {
            throw new FormatException("A JSON filter pattern has at most two regular expressions.");
        }

        return new CloudWatchFilterPattern(match);
    }

    /// <summary>Whether the log event matches; an event that is not a JSON object never matches a JSON pattern.</summary>
    public bool Matches(string logEvent)
    {
        try
        {
            using var document = JsonDocument.Parse(logEvent);
            return document.RootElement.ValueKind == JsonValueKind.Object && _match(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Letters, digits, the symbols : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \ * + . — nothing else.
    [GeneratedRegex(@"^[A-Za-z0-9:_#=@/;,\-\^\$\?\[\]\{\}\|\\\*\+\.]+$")]
    private static partial Regex AllowedRegex();

    private sealed class Parser(string text)
    {
        private int _position;

        public int RegexCount { get; private set; }

        public Func<JsonElement, bool> ParsePattern()
        {
            Expect("{");
            var expression = ParseExpression();
            Expect("}");
            SkipSpaces();
            if (_position != text.Length)
            {
                throw Error("text after the closing brace");
            }

            return expression;
        }

        private Func<JsonElement, bool> ParseExpression()
        {
            var terms = new List<Func<JsonElement, bool>> { ParsePrimary() };
            string? op = null;
            while (true)
            {
                SkipSpaces();
                var next = Peek("&&") ? "&&" : Peek("||") ? "||" : null;
                if (next is null)
                {
                    break;
                }

                if (op is not null && op != next)
                {
                    throw Error("&& and || mixed without parentheses");
                }

                op = next;
                _position += 2;
                terms.Add(ParsePrimary());
            }

            return op == "||"
                ? e => terms.Any(t => t(e))
                : e => terms.All(t => t(e));
        }

        private Func<JsonElement, bool> ParsePrimary()
        {
            SkipSpaces();
            if (Peek("("))
            {
                _position++;
                var inner = ParseExpression();
                Expect(")");
                return inner;
            }

            var path = ParseSelector();
            SkipSpaces();
            if (Peek("!="))
            {
                throw Error("!= is not emulated");
            }

            Expect("=");
            SkipSpaces();
            if (Peek("\""))
            {
                var expected = ParseQuoted();
                if (expected.Contains('*', StringComparison.Ordinal))
                {
                    throw Error("wildcards in quoted text are not emulated");
                }

                return e => Select(e, path) is { ValueKind: JsonValueKind.String } v && v.GetString() == expected;
            }

            if (Peek("%"))
            {
                var regex = ParseRegex();
                return e => Select(e, path) is { ValueKind: JsonValueKind.String } v && regex.IsMatch(v.GetString()!);
            }

            throw Error("a quoted string or a %regex% value");
        }

        private List<string> ParseSelector()
        {
            Expect("$");
            var path = new List<string>();
            while (_position < text.Length && text[_position] == '.')
            {
                _position++;
                var start = _position;
                while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
                {
                    _position++;
                }

                if (start == _position)
                {
                    throw Error("a property name");
                }

                path.Add(text[start.._position]);
            }

            return path.Count > 0 ? path : throw Error("$.property");
        }

        private string ParseQuoted()
        {
            _position++;
            var end = text.IndexOf('"', _position);
            if (end < 0)
            {
                throw Error("a closing quote");
            }

            var value = text[_position..end];
            _position = end + 1;
            return value;
        }

        private Regex ParseRegex()
        {
            _position++;
            var end = text.IndexOf('%', _position);
            if (end < 0)
            {
                throw Error("a closing %");
            }

            var body = text[_position..end];
            _position = end + 1;
            if (!AllowedRegex().IsMatch(body))
            {
                throw Error($"only the characters CloudWatch allows in a regular expression, not '{body}'");
            }

            RegexCount++;
            return new Regex(body, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        private static JsonElement? Select(JsonElement root, List<string> path)
        {
            var current = root;
            foreach (var name in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }

            return current;
        }

        private bool Peek(string token) => string.CompareOrdinal(text, _position, token, 0, token.Length) == 0;

        private void Expect(string token)
        {
            SkipSpaces();
            if (!Peek(token))
            {
                throw Error($"'{token}'");
            }

            _position += token.Length;
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ')
            {
                _position++;
            }
        }

        private FormatException Error(string expected) => new($"Filter pattern '{text}': expected {expected} at {_position}.");
    }
}
