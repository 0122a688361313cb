namespace Orchestrator.Cortex.Sql;

/// <summary>
/// Which names may stand before an opening parenthesis in a read-only query.
/// </summary>
/// <remarks>
/// Functions are admitted by an allowlist, because PostgreSQL (and its extensions) keep adding
/// functions with side effects and a denylist can only ever be incomplete: a function the list does
/// not know is refused. The denylist exists for clear refusals of the well-known dangerous ones
/// (sleeping, changing settings, signalling backends, large objects, remote links, file access,
/// sequences, advisory locks) and as a guard should someone extend the allowlist carelessly.
/// </remarks>
public static class SqlFunctionCatalog
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        // aggregates
        "count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
        "var_samp", "string_agg", "array_agg", "bool_and", "bool_or", "every", "percentile_cont",
        "percentile_disc", "mode", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept",
        "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
        // window functions
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value",
        // numbers
        "abs", "ceil", "ceiling", "floor", "round", "trunc", "sign", "sqrt", "cbrt", "power", "pow", "exp",
        "ln", "log", "log10", "mod", "div", "width_bucket", "random", "pi", "degrees", "radians", "gcd", "lcm",
        // text
        "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "substr",
        "left", "right", "btrim", "ltrim", "rtrim", "lpad", "rpad", "replace", "concat", "concat_ws",
        "split_part", "strpos", "starts_with", "reverse", "repeat", "format", "to_char", "to_number",
        "regexp_replace", "regexp_match", "regexp_matches", "regexp_like", "regexp_count", "regexp_substr",
        "md5", "translate", "ascii", "chr", "quote_literal", "quote_ident", "string_to_array", "array_to_string",
        // dates and times
        "date_trunc", "date_part", "date_bin", "age", "now", "clock_timestamp", "make_date", "make_time",
        "make_timestamp", "make_interval", "justify_days", "justify_hours", "justify_interval", "to_date",
        "to_timestamp", "isfinite",
        // sets, arrays and JSON
        "generate_series", "unnest", "array_length", "array_position", "cardinality", "array_remove",
        "array_append", "array_cat", "json_build_object", "jsonb_build_object", "json_build_array",
        "jsonb_build_array", "to_json", "to_jsonb", "jsonb_extract_path_text", "json_extract_path_text",
        // conditionals and types
        "num_nonnulls", "num_nulls", "pg_typeof",
    };

    // SQL constructs spelled like calls: keywords, special forms and type modifiers.
    private static readonly HashSet<string> Constructs = new(StringComparer.Ordinal)
    {
        "AS", "IN", "EXISTS", "OVER", "FILTER", "WITHIN", "VALUES", "ANY", "ALL", "SOME", "ARRAY", "ROW",
        "CAST", "EXTRACT", "SUBSTRING", "POSITION", "OVERLAY", "TRIM", "COALESCE", "NULLIF", "GREATEST",
        "LEAST", "ON", "USING", "WHERE", "AND", "OR", "NOT", "SELECT", "FROM", "JOIN", "LATERAL", "CASE",
        "WHEN", "THEN", "ELSE", "END", "BY", "HAVING", "UNION", "EXCEPT", "INTERSECT", "LIMIT", "OFFSET",
        "FETCH", "DISTINCT", "IS", "BETWEEN", "LIKE", "ILIKE", "SIMILAR", "ROWS", "RANGE", "GROUPS",
        "GROUPING", "CUBE", "ROLLUP", "SETS", "INTERVAL", "NUMERIC", "DECIMAL", "VARCHAR", "CHAR",
        "CHARACTER", "VARYING", "TIMESTAMP", "TIME", "BIT", "FLOAT", "WITH", "RECURSIVE", "MATERIALIZED",
        "TABLESAMPLE", "ORDINALITY", "LOCAL", "ZONE", "AT", "ESCAPE", "ORDER",
        "PARTITION", "PRECEDING", "FOLLOWING", "CURRENT", "UNBOUNDED", "RESPECT", "IGNORE", "NULLS",
    };

    private static readonly string[] DeniedPrefixes = ["pg_", "lo_", "dblink", "xpath", "query_to_", "table_to_", "cursor_to_", "database_to_", "schema_to_", "txid_", "set_", "current_setting"];

    private static readonly HashSet<string> Denied = new(StringComparer.Ordinal)
    {
        "pg_sleep", "pg_sleep_for", "pg_sleep_until", "set_config", "pg_terminate_backend", "pg_cancel_backend",
        "pg_reload_conf", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import",
        "lo_export", "lo_unlink", "lo_create", "lo_from_bytea", "lo_put", "dblink", "dblink_exec",
        "dblink_connect", "nextval", "setval", "currval", "lastval", "pg_advisory_lock",
        "pg_advisory_xact_lock", "pg_try_advisory_lock", "pg_notify", "pg_switch_wal", "pg_create_restore_point",
        "pg_rotate_logfile", "copy", "current_setting", "pg_logical_emit_message",
    };

    /// <summary>Whether <paramref name="word"/> (an unquoted word, upper-case) is syntax rather than a function.</summary>
    public static bool IsConstruct(string word) => Constructs.Contains(word);

    /// <summary>Whether <paramref name="name"/> (folded as PostgreSQL folds it) is a known dangerous function.</summary>
    public static bool IsDenied(string name) =>
        Denied.Contains(name) || DeniedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal) && !Allowed.Contains(name));

    /// <summary>Whether <paramref name="name"/> (folded as PostgreSQL folds it) may be called.</summary>
    public static bool IsAllowed(string name) => Allowed.Contains(name) && !Denied.Contains(name);
}
