using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Npgsql;

namespace Orchestrator.Cortex.Search;

/// <summary>
/// Hybrid search over the support corpus: PostgreSQL full-text rank (weighted title and body) plus
/// cosine similarity of embeddings, combined with the request's scoring weights and numeric boosts.
/// </summary>
/// <remarks>
/// Filtering and text ranking run in SQL; the vector part runs in process over embeddings loaded
/// once (the corpus is a few hundred articles and static), since the servers have no pgvector.
/// </remarks>
public sealed class CortexSearchEngine(NpgsqlDataSource dataSource, IEmbeddingGenerator<string, Embedding<float>> embeddings) : IDisposable
{
    private const int MaxLimit = 1000;
    private readonly SemaphoreSlim _seedGate = new(1, 1);
    private volatile Dictionary<int, float[]>? _vectors;

    /// <summary>Runs a Cortex Search <c>QueryRequest</c> and returns the <c>results</c> rows.</summary>
    /// <exception cref="SearchRequestException">The request is malformed (bad filter, column, limit or weights).</exception>
    public async Task<IReadOnlyList<Dictionary<string, object?>>> QueryAsync(JsonElement request, CancellationToken cancellationToken)
    {
        var query = Parse(request);
        var vectors = await VectorsAsync(cancellationToken);
        var asked = (await embeddings.GenerateAsync([query.Text], cancellationToken: cancellationToken))[0].Vector.ToArray();

        var compiler = new SearchFilterCompiler(SupportSearchService.Columns);
        var where = query.Filter is { } filter ? compiler.Compile(filter) : "TRUE";
        var selected = query.Columns.Union(query.Boosts.Select(b => b.Column), StringComparer.OrdinalIgnoreCase).ToList();
        var sql = $"SELECT article_id, ts_rank_cd(search_vector, websearch_to_tsquery('english', @q), 32) AS text_score"
            + string.Concat(selected.Select(c => ", " + SupportSearchService.Columns[c].SqlColumn))
            + $" FROM {SupportSearchService.Table} WHERE {where}";
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("q", query.Text);
        command.Parameters.AddRange(compiler.Parameters.ToArray());

        var candidates = new List<(double Score, Dictionary<string, object?> Row)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(0);
                var text = reader.GetFloat(1);
                var cosine = vectors.TryGetValue(id, out var v) && v.Length == asked.Length ? TensorPrimitives.CosineSimilarity(asked, v) : 0f;
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < selected.Count; i++)
                {
                    row[SupportSearchService.Columns[selected[i]].Name] = Cell(reader.GetValue(i + 2));
                }

                var score = (query.TextWeight * text) + (query.VectorWeight * cosine)
                    + query.Boosts.Sum(b => b.Weight * Math.Log10(1 + Convert.ToDouble(row[SupportSearchService.Columns[b.Column].Name], CultureInfo.InvariantCulture)) / 5);
                row["@scores"] = new Dictionary<string, double> { ["cosine_similarity"] = Math.Round(cosine, 6), ["text_match"] = Math.Round(text, 6) };
                candidates.Add((score, row));
            }
        }

        return candidates
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Row.GetValueOrDefault("article_id") as int? ?? 0)
            .Take(query.Limit)
            .Select(c => Project(c.Row, query.Columns))
            .ToList();
    }

    /// <inheritdoc />
    public void Dispose() => _seedGate.Dispose();

    private static Dictionary<string, object?> Project(Dictionary<string, object?> row, IReadOnlyList<string> columns)
    {
        var projected = columns.ToDictionary(c => SupportSearchService.Columns[c].Name, c => row[SupportSearchService.Columns[c].Name], StringComparer.Ordinal);
        projected["@scores"] = row["@scores"];
        return projected;
    }

    private static object? Cell(object value) => value switch
    {
        DBNull => null,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    private async Task<Dictionary<int, float[]>> VectorsAsync(CancellationToken cancellationToken)
    {
        if (_vectors is { } loaded)
        {
            return loaded;
        }

        await _seedGate.WaitAsync(cancellationToken);
        try
        {
            if (_vectors is null)
            {
                await SupportCorpusStore.EnsureSeededAsync(dataSource, embeddings, cancellationToken);
                var vectors = new Dictionary<int, float[]>();
                await using var command = dataSource.CreateCommand($"SELECT article_id, embedding FROM {SupportSearchService.Table}");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    vectors[reader.GetInt32(0)] = reader.GetFieldValue<float[]>(1);
                }

                _vectors = vectors;
            }

            return _vectors;
        }
        finally
        {
            _seedGate.Release();
        }
    }

    private sealed record ParsedQuery(string Text, IReadOnlyList<string> Columns, JsonElement? Filter, int Limit, double TextWeight, double VectorWeight, IReadOnlyList<(string Column, double Weight)> Boosts);

    private static ParsedQuery Parse(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw new SearchRequestException("The request body must be a JSON object.");
        }

        if (request.TryGetProperty("multi_index_query", out _))
        {
            throw new SearchRequestException("multi_index_query is not supported by the local backend; send query.");
        }

        if (!request.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(q.GetString()))
        {
            throw new SearchRequestException("query is required and must be a non-empty string.");
        }

        var columns = new List<string>();
        if (request.TryGetProperty("columns", out var c))
        {
            if (c.ValueKind != JsonValueKind.Array || c.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw new SearchRequestException("columns must be an array of column names.");
            }

            columns.AddRange(c.EnumerateArray().Select(e => e.GetString()!));
        }

        if (columns.Count == 0)
        {
            columns.AddRange(["title", SupportSearchService.SearchColumn]);
        }

        if (columns.FirstOrDefault(name => !SupportSearchService.Columns.ContainsKey(name)) is { } unknown)
        {
            throw new SearchRequestException($"Unknown column '{unknown}'. Columns: {string.Join(", ", SupportSearchService.Columns.Keys)}.");
        }

        var limit = 10;
        if (request.TryGetProperty("limit", out var l) && (!l.TryGetInt32(out limit) || limit < 1 || limit > MaxLimit))
        {
            throw new SearchRequestException($"limit must be an integer between 1 and {MaxLimit}.");
        }

        JsonElement? filter = request.TryGetProperty("filter", out var f) && f.ValueKind != JsonValueKind.Null ? f : null;
        var (textWeight, vectorWeight, boosts) = Scoring(request);
        return new ParsedQuery(q.GetString()!, columns.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), filter, limit, textWeight, vectorWeight, boosts);
    }

    private static (double Texts, double Vectors, List<(string, double)> Boosts) Scoring(JsonElement request)
    {
        double texts = 1, vectors = 1;
        var boosts = new List<(string, double)>();
        if (!request.TryGetProperty("scoring_config", out var config) || config.ValueKind == JsonValueKind.Null)
        {
            return (texts, vectors, boosts);
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new SearchRequestException("scoring_config must be an object.");
        }

        if (config.TryGetProperty("weights", out var weights))
        {
            texts = Weight(weights, "texts", texts);
            vectors = Weight(weights, "vectors", vectors);
        }

        if (config.TryGetProperty("functions", out var functions) && functions.TryGetProperty("numeric_boosts", out var numeric))
        {
            foreach (var boost in numeric.EnumerateArray())
            {
                var column = boost.TryGetProperty("column", out var col) ? col.GetString() : null;
                if (column is null || !SupportSearchService.Columns.TryGetValue(column, out var definition) || definition.Kind != SearchColumnKind.Number)
                {
                    throw new SearchRequestException($"numeric_boosts: '{column}' is not a numeric column.");
                }

                boosts.Add((definition.Name, Weight(boost, "weight", 1)));
            }
        }

        return (texts, vectors, boosts);
    }

    private static double Weight(JsonElement owner, string name, double fallback)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 100 and var weight
            ? weight
            : throw new SearchRequestException($"{name} must be a number between 0 and 100.");
    }
}
