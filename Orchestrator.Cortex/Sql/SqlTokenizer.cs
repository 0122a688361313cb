using System.Text;

namespace Orchestrator.Cortex.Sql;

/// <summary>
/// Splits PostgreSQL-dialect SQL into tokens the way the server's lexer does for everything the
/// safety check depends on: single-quoted, escape (E'…'), Unicode (U&amp;'…') and dollar-quoted
/// strings, double-quoted identifiers, nested block comments and line comments.
/// </summary>
/// <remarks>
/// A keyword hidden inside a string or a quoted identifier is data, not syntax, so the check must
/// never look at raw text; it only looks at these tokens. Anything the lexer cannot close (a string,
/// identifier or comment running to the end) is a syntax error rather than a guess.
/// </remarks>
public static class SqlTokenizer
{
    private const string OperatorChars = "+-*/<>=~!@#%^&|`?";

    /// <summary>Tokenizes <paramref name="sql"/>, comments included.</summary>
    /// <exception cref="SqlSyntaxException">The text has an unterminated construct or a character SQL does not use.</exception>
    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            SqlToken token;
            if (c == '-' && Peek(sql, i + 1) == '-')
            {
                token = LineComment(sql, start);
            }
            else if (c == '/' && Peek(sql, i + 1) == '*')
            {
                token = BlockComment(sql, start);
            }
            else if (c == '\'')
            {
                token = QuotedString(sql, start, start, backslashEscapes: false);
            }
            else if ((c is 'E' or 'e') && Peek(sql, i + 1) == '\'')
            {
                token = QuotedString(sql, start, start + 1, backslashEscapes: true);
            }
            else if ((c is 'B' or 'b' or 'X' or 'x' or 'N' or 'n') && Peek(sql, i + 1) == '\'')
            {
                token = QuotedString(sql, start, start + 1, backslashEscapes: false);
            }
            else if ((c is 'U' or 'u') && Peek(sql, i + 1) == '&' && Peek(sql, i + 2) is '\'' or '"')
            {
                token = Peek(sql, i + 2) == '\''
                    ? QuotedString(sql, start, start + 2, backslashEscapes: false)
                    : QuotedIdentifier(sql, start, start + 2);
            }
            else if (c == '"')
            {
                token = QuotedIdentifier(sql, start, start);
            }
            else if (c == '$')
            {
                token = Dollar(sql, start);
            }
            else if (IsIdentifierStart(c))
            {
                token = Word(sql, start);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(sql, i + 1))))
            {
                token = Number(sql, start);
            }
            else if (c == ':')
            {
                token = Colon(sql, start);
            }
            else
            {
                token = c switch
                {
                    '(' => new SqlToken(SqlTokenKind.OpenParen, "(", start, 1),
                    ')' => new SqlToken(SqlTokenKind.CloseParen, ")", start, 1),
                    ',' => new SqlToken(SqlTokenKind.Comma, ",", start, 1),
                    '.' => new SqlToken(SqlTokenKind.Dot, ".", start, 1),
                    ';' => new SqlToken(SqlTokenKind.Semicolon, ";", start, 1),
                    '[' or ']' => new SqlToken(SqlTokenKind.Bracket, c.ToString(), start, 1),
                    _ when OperatorChars.Contains(c, StringComparison.Ordinal) => Operator(sql, start),
                    _ => throw new SqlSyntaxException($"Unexpected character '{c}'", start),
                };
            }

            tokens.Add(token);
            i = token.Position + token.Length;
        }

        return tokens;
    }

    private static char Peek(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    private static SqlToken LineComment(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        end = end < 0 ? sql.Length : end;
        return new SqlToken(SqlTokenKind.Comment, sql[start..end], start, end - start);
    }

    // PostgreSQL block comments nest, so "/* /* */ DROP" is still inside a comment; a lexer that
    // stopped at the first "*/" would disagree with the server about where the code starts.
    private static SqlToken BlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length - 1)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return new SqlToken(SqlTokenKind.Comment, sql[start..i], start, i - start);
                }
            }
            else
            {
                i++;
            }
        }

        throw new SqlSyntaxException("Unterminated block comment", start);
    }

    private static SqlToken QuotedString(string sql, int start, int quote, bool backslashEscapes)
    {
        var value = new StringBuilder();
        var i = quote + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\' && i + 1 < sql.Length)
            {
                value.Append(sql[i + 1]);
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                if (Peek(sql, i + 1) == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                return new SqlToken(SqlTokenKind.StringLiteral, value.ToString(), start, i + 1 - start);
            }

            value.Append(c);
            i++;
        }

        throw new SqlSyntaxException("Unterminated string constant", start);
    }

    private static SqlToken QuotedIdentifier(string sql, int start, int quote)
    {
        var value = new StringBuilder();
        var i = quote + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '"')
            {
                if (Peek(sql, i + 1) == '"')
                {
                    value.Append('"');
                    i += 2;
                    continue;
                }

                if (value.Length == 0)
                {
                    throw new SqlSyntaxException("Zero-length quoted identifier", start);
                }

                return new SqlToken(SqlTokenKind.QuotedIdentifier, value.ToString(), start, i + 1 - start);
            }

            value.Append(sql[i]);
            i++;
        }

        throw new SqlSyntaxException("Unterminated quoted identifier", start);
    }

    // "$1" is a positional parameter; "$tag$ … $tag$" (tag possibly empty) is a dollar-quoted string
    // whose body may contain anything, quotes and semicolons included, until the same delimiter.
    private static SqlToken Dollar(string sql, int start)
    {
        var i = start + 1;
        if (char.IsAsciiDigit(Peek(sql, i)))
        {
            while (char.IsAsciiDigit(Peek(sql, i)))
            {
                i++;
            }

            return new SqlToken(SqlTokenKind.Placeholder, sql[start..i], start, i - start);
        }

        if (Peek(sql, i) != '$' && !(IsIdentifierStart(Peek(sql, i)) && Peek(sql, i) != '\0'))
        {
            throw new SqlSyntaxException("Unexpected '$'", start);
        }

        while (Peek(sql, i) != '$')
        {
            if (!IsIdentifierPart(Peek(sql, i)) || Peek(sql, i) == '\0')
            {
                throw new SqlSyntaxException("Malformed dollar-quote delimiter", start);
            }

            i++;
        }

        var delimiter = sql[start..(i + 1)];
        var bodyStart = i + 1;
        var close = sql.IndexOf(delimiter, bodyStart, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new SqlSyntaxException("Unterminated dollar-quoted string", start);
        }

        var end = close + delimiter.Length;
        return new SqlToken(SqlTokenKind.StringLiteral, sql[bodyStart..close], start, end - start);
    }

    private static SqlToken Word(string sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length && IsIdentifierPart(sql[i]))
        {
            i++;
        }

        return new SqlToken(SqlTokenKind.Word, sql[start..i].ToUpperInvariant(), start, i - start);
    }

    private static SqlToken Number(string sql, int start)
    {
        var i = start;
        while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] is '.' or '_'))
        {
            i++;
        }

        if (i < sql.Length && sql[i] is 'e' or 'E' && (char.IsAsciiDigit(Peek(sql, i + 1)) || (Peek(sql, i + 1) is '+' or '-' && char.IsAsciiDigit(Peek(sql, i + 2)))))
        {
            i += 2;
            while (char.IsAsciiDigit(Peek(sql, i)))
            {
                i++;
            }
        }

        if (IsIdentifierStart(Peek(sql, i)))
        {
            throw new SqlSyntaxException("Trailing junk after numeric constant", start);
        }

        return new SqlToken(SqlTokenKind.Number, sql[start..i], start, i - start);
    }

    private static SqlToken Colon(string sql, int start)
    {
        if (Peek(sql, start + 1) == ':')
        {
            return new SqlToken(SqlTokenKind.Operator, "::", start, 2);
        }

        var i = start + 1;
        while (i < sql.Length && IsIdentifierPart(sql[i]))
        {
            i++;
        }

        return i > start + 1
            ? new SqlToken(SqlTokenKind.Placeholder, sql[start..i], start, i - start)
            : new SqlToken(SqlTokenKind.Operator, ":", start, 1);
    }

    private static SqlToken Operator(string sql, int start)
    {
        if (sql[start] == '?' && !OperatorChars.Contains(Peek(sql, start + 1), StringComparison.Ordinal))
        {
            return new SqlToken(SqlTokenKind.Placeholder, "?", start, 1);
        }

        var i = start;
        while (i < sql.Length && OperatorChars.Contains(sql[i], StringComparison.Ordinal))
        {
            // A comment starter ends the operator, as in PostgreSQL's lexer ("=--x" is "=" then a comment).
            if (i > start && ((sql[i] == '-' && Peek(sql, i + 1) == '-') || (sql[i] == '/' && Peek(sql, i + 1) == '*')))
            {
                break;
            }

            i++;
        }

        return new SqlToken(SqlTokenKind.Operator, sql[start..i], start, i - start);
    }
}
