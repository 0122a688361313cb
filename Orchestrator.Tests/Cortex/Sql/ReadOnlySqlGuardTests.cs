using Orchestrator.Cortex.Sql;

namespace Orchestrator.Tests.Cortex.Sql;

public sealed class ReadOnlySqlGuardTests
{
    private static readonly SqlSafetyPolicy Model = SqlSafetyPolicy.ForRelations(["orders", "order_lines", "customers", "products", "regions", "returns"]);

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("select count(*) from orders;")]
    [InlineData("WITH t AS (SELECT customer_id, sum(total) AS s FROM orders GROUP BY 1) SELECT * FROM t ORDER BY s DESC LIMIT 5")]
    [InlineData("WITH t (a, b) AS (SELECT 1, 2) SELECT a FROM t")]
    [InlineData("SELECT 'DROP TABLE orders; --' AS s FROM orders")]
    [InlineData("SELECT $x$ DELETE FROM orders; $x$ FROM orders")]
    [InlineData("SELECT \"update\" FROM orders")]
    [InlineData("SELECT EXTRACT(YEAR FROM o.order_date) AS y, count(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1")]
    [InlineData("SELECT a IS DISTINCT FROM b FROM orders")]
    [InlineData("SELECT date_trunc('month', order_date)::date, round(sum(total)::numeric, 2) FROM public.orders WHERE order_date >= ? GROUP BY 1")]
    [InlineData("SELECT g.x FROM generate_series(1, 3) AS g(x)")]
    [InlineData("SELECT * FROM orders WHERE customer_id IN (SELECT customer_id FROM customers WHERE region_id = :region)")]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)")]
    [InlineData("SELECT row_number() OVER (PARTITION BY customer_id ORDER BY order_date) FROM orders")]
    public void Check_ReadOnlyQuery_IsSafe(string sql)
    {
        var verdict = ReadOnlySqlGuard.Check(sql, Model);

        Assert.True(verdict.IsSafe, verdict.Reason);
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE orders", "one statement")]
    [InlineData("SELECT 1;; ", "one statement")]
    [InlineData("SELECT * FROM orders -- WHERE false", "Comments")]
    [InlineData("SELECT /* /* nested */ DROP */ 1", "Comments")]
    [InlineData("DELETE FROM orders", "starts with 'DELETE'")]
    [InlineData("WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone", "'DELETE'")]
    [InlineData("WITH x AS (UPDATE orders SET total = 0 RETURNING 1) SELECT 1", "'UPDATE'")]
    [InlineData("SELECT * INTO copy_of_orders FROM orders", "'INTO'")]
    [InlineData("SELECT * FROM orders FOR UPDATE", "'UPDATE'")]
    [InlineData("SELECT * FROM orders FOR KEY SHARE", "Row-locking")]
    [InlineData("SELECT pg_sleep(10)", "pg_sleep")]
    [InlineData("SELECT pg_catalog.pg_sleep(10)", "pg_sleep")]
    [InlineData("SELECT \"pg_sleep\"(10)", "pg_sleep")]
    [InlineData("SELECT set_config('role', 'postgres', false)", "set_config")]
    [InlineData("SELECT pg_terminate_backend(1)", "pg_terminate_backend")]
    [InlineData("SELECT lo_import('/etc/passwd')", "lo_import")]
    [InlineData("SELECT * FROM dblink('host=x', 'select 1') AS t(a int)", "dblink")]
    [InlineData("SELECT nextval('s')", "nextval")]
    [InlineData("SELECT public.my_function(1)", "outside pg_catalog")]
    [InlineData("SELECT some_unknown_function(1)", "not on the list")]
    [InlineData("COPY orders TO '/tmp/x'", "starts with 'COPY'")]
    [InlineData("SELECT * FROM pg_authid", "system catalogs")]
    [InlineData("SELECT * FROM information_schema.tables", "system catalogs")]
    [InlineData("SELECT * FROM secrets", "not part of the semantic model")]
    [InlineData("SELECT * FROM orders o, secrets s", "not part of the semantic model")]
    [InlineData("SELECT * FROM orders JOIN other.orders x ON true", "not part of the semantic model")]
    [InlineData("SELECT * FROM (TABLE secrets) t", "not part of the semantic model")]
    [InlineData("SELECT 'unterminated", "Unterminated string")]
    [InlineData("SELECT $a$ never closed", "Unterminated dollar")]
    [InlineData("SET ROLE postgres", "starts with 'SET'")]
    [InlineData("", "empty")]
    [InlineData("SELECT (1", "Unbalanced")]
    public void Check_UnsafeQuery_IsRefusedWithReason(string sql, string reasonFragment)
    {
        var verdict = ReadOnlySqlGuard.Check(sql, Model);

        Assert.False(verdict.IsSafe);
        Assert.Contains(reasonFragment, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Relations_AreReported()
    {
        var verdict = ReadOnlySqlGuard.Check("WITH t AS (SELECT 1) SELECT * FROM orders o JOIN Customers c ON true, t", Model);

        Assert.True(verdict.IsSafe, verdict.Reason);
        Assert.Equal(["orders", "customers", "t"], verdict.Relations);
    }

    [Fact]
    public void Tokenize_EscapeString_KeepsBackslashQuoteInsideLiteral()
    {
        var tokens = SqlTokenizer.Tokenize(@"SELECT E'it\'s; DROP' , 'a''b'");

        Assert.Equal([SqlTokenKind.Word, SqlTokenKind.StringLiteral, SqlTokenKind.Comma, SqlTokenKind.StringLiteral], tokens.Select(t => t.Kind));
        Assert.Equal("it's; DROP", tokens[1].Value);
        Assert.Equal("a'b", tokens[3].Value);
    }

    [Fact]
    public void Tokenize_PlaceholdersAndCasts_AreDistinguished()
    {
        var tokens = SqlTokenizer.Tokenize("SELECT ?, :name, $1, x::int");

        Assert.Equal(["?", ":name", "$1"], tokens.Where(t => t.Kind == SqlTokenKind.Placeholder).Select(t => t.Value));
        Assert.Contains(tokens, t => t is { Kind: SqlTokenKind.Operator, Value: "::" });
    }
}
