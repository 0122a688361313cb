namespace Orchestrator.Cortex.Sql;

/// <summary>The lexical classes the SQL safety check distinguishes.</summary>
public enum SqlTokenKind
{
    /// <summary>An unquoted word: a keyword or an identifier (case-insensitive).</summary>
    Word,
    /// <summary>A double-quoted identifier (case-sensitive); <see cref="SqlToken.Value"/> is unescaped.</summary>
    QuotedIdentifier,
    /// <summary>A string constant in any form: '…', E'…', U&amp;'…', B'…', X'…' or $tag$…$tag$.</summary>
    StringLiteral,
    /// <summary>A numeric constant.</summary>
    Number,
    /// <summary>A bind placeholder: <c>?</c>, <c>:name</c>, <c>:1</c> or <c>$1</c>.</summary>
    Placeholder,
    /// <summary>An operator such as <c>=</c>, <c>::</c> or <c>||</c>.</summary>
    Operator,
    /// <summary><c>(</c></summary>
    OpenParen,
    /// <summary><c>)</c></summary>
    CloseParen,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>.</c></summary>
    Dot,
    /// <summary><c>;</c></summary>
    Semicolon,
    /// <summary><c>[</c> or <c>]</c></summary>
    Bracket,
    /// <summary>A <c>--</c> or <c>/* */</c> comment.</summary>
    Comment,
}

/// <summary>One token of a SQL text.</summary>
/// <param name="Kind">The lexical class.</param>
/// <param name="Value">For words, the text upper-cased; for quoted identifiers and strings, the unescaped content; otherwise the text.</param>
/// <param name="Position">The offset of the token's first character in the statement.</param>
/// <param name="Length">The number of characters the token spans in the statement.</param>
public readonly record struct SqlToken(SqlTokenKind Kind, string Value, int Position, int Length)
{
    /// <summary>Whether this is the unquoted word <paramref name="keyword"/> (given upper-case).</summary>
    public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Value, keyword, StringComparison.Ordinal);

    /// <summary>Whether this token names something: an unquoted word or a quoted identifier.</summary>
    public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    /// <summary>The name as PostgreSQL folds it: unquoted words to lower case, quoted identifiers verbatim.</summary>
    public string FoldedName => Kind == SqlTokenKind.Word ? Value.ToLowerInvariant() : Value;
}
