namespace Orchestrator.Cortex.Sql;

/// <summary>
/// Decides whether a SQL text is exactly one read-only query: a SELECT, or WITH … SELECT, with no
/// data-modifying CTE, no SELECT INTO, no row locks, only allowlisted functions and, when the policy
/// says so, only the given relations.
/// </summary>
/// <remarks>
/// This is the first of three layers; the statement then runs in a read-only transaction, under a
/// NOLOGIN role that holds SELECT on the warehouse tables only, with a statement timeout and a row
/// cap (<see cref="ReadOnlyExecution"/>). The check works on tokens, never on raw text, so quoting
/// tricks cannot hide a keyword from it, and it refuses whatever it does not understand.
/// </remarks>
public static class ReadOnlySqlGuard
{
    // Words that have no business in a query: statement verbs reachable through data-modifying CTEs
    // or a second statement, SELECT INTO, and session or transaction control.
    private static readonly HashSet<string> DeniedWords = new(StringComparer.Ordinal)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "DROP", "ALTER", "CREATE", "GRANT", "REVOKE",
        "COPY", "CALL", "EXECUTE", "PREPARE", "DEALLOCATE", "LOCK", "VACUUM", "INTO", "SET", "RESET",
        "LISTEN", "NOTIFY", "UNLISTEN", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "DISCARD", "REFRESH",
        "REINDEX", "CLUSTER", "IMPORT", "SECURITY", "CHECKPOINT",
    };

    private static readonly HashSet<string> ClauseEnds = new(StringComparer.Ordinal)
    {
        "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "WINDOW", "UNION", "INTERSECT",
        "EXCEPT", "QUALIFY", "SELECT",
    };

    private static readonly HashSet<string> SystemSchemas = new(StringComparer.Ordinal) { "pg_catalog", "information_schema", "pg_toast" };

    /// <summary>Checks <paramref name="sql"/> against <paramref name="policy"/>.</summary>
    public static SqlSafetyVerdict Check(string sql, SqlSafetyPolicy? policy = null)
    {
        policy ??= SqlSafetyPolicy.Default;
        IReadOnlyList<SqlToken> all;
        try
        {
            all = SqlTokenizer.Tokenize(sql ?? string.Empty);
        }
        catch (SqlSyntaxException ex)
        {
            return SqlSafetyVerdict.Refused(ex.Message);
        }

        if (!policy.AllowComments && all.Any(t => t.Kind == SqlTokenKind.Comment))
        {
            return SqlSafetyVerdict.Refused("Comments are not allowed in a query the gateway runs.");
        }

        var tokens = all.Where(t => t.Kind != SqlTokenKind.Comment).ToList();
        if (tokens.Count > 0 && tokens[^1].Kind == SqlTokenKind.Semicolon)
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        if (tokens.Count == 0)
        {
            return SqlSafetyVerdict.Refused("The statement is empty.");
        }

        if (tokens.Any(t => t.Kind == SqlTokenKind.Semicolon))
        {
            return SqlSafetyVerdict.Refused("Only one statement is allowed; found more than one.");
        }

        var first = tokens.First(t => t.Kind != SqlTokenKind.OpenParen);
        if (!first.IsWord("SELECT") && !first.IsWord("WITH"))
        {
            return SqlSafetyVerdict.Refused($"Only SELECT and WITH … SELECT queries are allowed; the statement starts with '{Describe(first)}'.");
        }

        return new Scan(tokens, policy).Run();
    }

    private static string Describe(SqlToken token) => token.Kind == SqlTokenKind.Word ? token.Value : token.Value.Length > 20 ? token.Value[..20] : token.Value;

    private sealed class Frame
    {
        public bool IsExpression { get; init; }
        public bool InFrom { get; set; }
        public bool ExpectRelation { get; set; }
    }

    private sealed class Scan(List<SqlToken> tokens, SqlSafetyPolicy policy)
    {
        private readonly HashSet<string> _cteNames = new(StringComparer.Ordinal);
        private readonly List<string> _relations = [];
        private readonly Stack<Frame> _frames = new();

        public SqlSafetyVerdict Run()
        {
            CollectCteNames();
            _frames.Push(new Frame());
            for (var i = 0; i < tokens.Count; i++)
            {
                var refusal = Visit(i);
                if (refusal is not null)
                {
                    return SqlSafetyVerdict.Refused(refusal);
                }
            }

            return _frames.Count == 1
                ? new SqlSafetyVerdict(true, null, _relations)
                : SqlSafetyVerdict.Refused("Unbalanced parentheses.");
        }

        private SqlToken? At(int i) => i >= 0 && i < tokens.Count ? tokens[i] : null;

        private string? Visit(int i)
        {
            var token = tokens[i];
            var frame = _frames.Peek();
            if (frame.ExpectRelation && token.Kind != SqlTokenKind.OpenParen && !token.IsWord("LATERAL") && !token.IsWord("ONLY"))
            {
                frame.ExpectRelation = false;
                if (token.IsName && At(i + 1)?.Kind != SqlTokenKind.OpenParen)
                {
                    var refusal = CheckRelation(i);
                    if (refusal is not null)
                    {
                        return refusal;
                    }
                }
            }

            switch (token.Kind)
            {
                case SqlTokenKind.OpenParen:
                    frame.ExpectRelation = false;
                    var next = At(i + 1);
                    _frames.Push(new Frame { IsExpression = !(next is { } n && (n.IsWord("SELECT") || n.IsWord("WITH") || n.IsWord("VALUES") || n.IsWord("TABLE"))) });
                    return null;
                case SqlTokenKind.CloseParen:
                    if (_frames.Count == 1)
                    {
                        return "Unbalanced parentheses.";
                    }

                    _frames.Pop();
                    return null;
                case SqlTokenKind.Comma:
                    frame.ExpectRelation = frame.InFrom;
                    return null;
                case SqlTokenKind.Word:
                    return VisitWord(i, frame);
                case SqlTokenKind.QuotedIdentifier when At(i + 1)?.Kind == SqlTokenKind.OpenParen:
                    return CheckCall(i);
                default:
                    return null;
            }
        }

        private string? VisitWord(int i, Frame frame)
        {
            var word = tokens[i].Value;
            if (DeniedWords.Contains(word))
            {
                return $"'{word}' is not allowed in a read-only query.";
            }

            if (word == "FOR" && At(i + 1) is { } after && (after.IsWord("SHARE") || after.IsWord("NO") || after.IsWord("KEY")))
            {
                return "Row-locking clauses (FOR UPDATE/SHARE) are not allowed in a read-only query.";
            }

            if (word == "TABLE")
            {
                frame.ExpectRelation = true;
                return null;
            }

            if (!frame.IsExpression)
            {
                if (word is "FROM" && !(At(i - 1) is { } prev && prev.IsWord("DISTINCT")))
                {
                    frame.InFrom = true;
                    frame.ExpectRelation = true;
                }
                else if (word is "JOIN")
                {
                    frame.InFrom = true;
                    frame.ExpectRelation = true;
                }
                else if (ClauseEnds.Contains(word))
                {
                    frame.InFrom = false;
                }
            }

            return At(i + 1)?.Kind == SqlTokenKind.OpenParen ? CheckCall(i) : null;
        }

        private string? CheckCall(int i)
        {
            var name = tokens[i];
            var previous = At(i - 1);
            if (previous is { } p && p.IsWord("AS"))
            {
                return null;
            }

            if (name.Kind == SqlTokenKind.Word && SqlFunctionCatalog.IsConstruct(name.Value))
            {
                return null;
            }

            if (_cteNames.Contains(name.FoldedName) && IsCteDeclaration(i))
            {
                return null;
            }

            var folded = name.FoldedName;
            if (previous is { Kind: SqlTokenKind.Dot })
            {
                var schema = At(i - 2);
                if (schema is not { IsName: true } || schema.Value.FoldedName != "pg_catalog")
                {
                    return $"Calling functions outside pg_catalog is not allowed ('{folded}').";
                }
            }

            if (SqlFunctionCatalog.IsDenied(folded))
            {
                return $"The function '{folded}' has side effects or reads server state and is not allowed.";
            }

            return SqlFunctionCatalog.IsAllowed(folded)
                ? null
                : $"The function '{folded}' is not on the list of functions a read-only query may call.";
        }

        private string? CheckRelation(int i)
        {
            var parts = new List<string> { tokens[i].FoldedName };
            var j = i;
            while (At(j + 1)?.Kind == SqlTokenKind.Dot && At(j + 2) is { IsName: true } part)
            {
                parts.Add(part.FoldedName);
                j += 2;
            }

            var name = parts[^1];
            var schema = parts.Count > 1 ? parts[^2] : null;
            _relations.Add(string.Join('.', parts));
            if (schema is null && _cteNames.Contains(name))
            {
                return null;
            }

            if ((schema is not null && (SystemSchemas.Contains(schema) || schema.StartsWith("pg_", StringComparison.Ordinal))) || name.StartsWith("pg_", StringComparison.Ordinal))
            {
                return $"Reading system catalogs is not allowed ('{string.Join('.', parts)}').";
            }

            if (policy.AllowedRelations is { } allowed
                && (!allowed.Contains(name) || (schema is not null && !policy.AllowedSchemas.Contains(schema)) || parts.Count > 2))
            {
                return $"The relation '{string.Join('.', parts)}' is not part of the semantic model.";
            }

            return null;
        }

        // A CTE is "name AS (" or "name (columns) AS (" right after WITH, RECURSIVE or a comma.
        private void CollectCteNames()
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].IsName && IsCteDeclaration(i))
                {
                    _cteNames.Add(tokens[i].FoldedName);
                }
            }
        }

        private bool IsCteDeclaration(int i)
        {
            if (At(i - 1) is not { } previous || !(previous.IsWord("WITH") || previous.IsWord("RECURSIVE") || previous.Kind == SqlTokenKind.Comma))
            {
                return false;
            }

            var next = i + 1;
            if (At(next)?.Kind == SqlTokenKind.OpenParen)
            {
                var depth = 0;
                for (; next < tokens.Count; next++)
                {
                    depth += tokens[next].Kind switch { SqlTokenKind.OpenParen => 1, SqlTokenKind.CloseParen => -1, _ => 0 };
                    if (depth == 0)
                    {
                        break;
                    }
                }

                next++;
            }

            return At(next) is { } asToken && asToken.IsWord("AS");
        }
    }
}
