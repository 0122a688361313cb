using Microsoft.Extensions.AI;
using Npgsql;
using NpgsqlTypes;

namespace Orchestrator.Cortex.Search;

/// <summary>
/// Creates and fills the <c>support_articles</c> table in warehouse-db: the generated corpus, a
/// weighted full-text vector (title A, body B) with a GIN index, and an embedding per article
/// stored as <c>real[]</c> (no pgvector on these servers).
/// </summary>
public static class SupportCorpusStore
{
    private const long SeedLockKey = 0x436f72746578_5301;

    /// <summary>
    /// Seeds the corpus unless it is already there with embeddings from the same model. Safe to call
    /// from several instances at once (advisory lock) and on every start.
    /// </summary>
    public static async Task EnsureSeededAsync(NpgsqlDataSource dataSource, IEmbeddingGenerator<string, Embedding<float>> embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(embeddings);
        var articles = SupportCorpusGenerator.Generate();
        var model = ModelId(embeddings);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {SupportSearchService.Table} (
              article_id integer PRIMARY KEY,
              title text NOT NULL,
              body text NOT NULL,
              category text NOT NULL,
              doc_type text NOT NULL,
              region text NOT NULL,
              product_line text NOT NULL,
              tags text[] NOT NULL,
              published_on date NOT NULL,
              view_count integer NOT NULL,
              helpful_votes integer NOT NULL,
              embedding real[] NOT NULL,
              embedding_model text NOT NULL,
              search_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED);
            CREATE INDEX IF NOT EXISTS support_articles_search_idx ON {SupportSearchService.Table} USING GIN (search_vector);
            """, cancellationToken);

        await using (var check = new NpgsqlCommand($"SELECT count(*) FILTER (WHERE embedding_model = @model), count(*) FROM {SupportSearchService.Table}", connection, transaction))
        {
            check.Parameters.AddWithValue("model", model);
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == articles.Count && reader.GetInt64(1) == articles.Count)
            {
                await reader.DisposeAsync();
                await transaction.CommitAsync(cancellationToken);
                return;
            }
        }

        var vectors = await embeddings.GenerateAsync(articles.Select(a => $"{a.Title}. {a.Body}"), cancellationToken: cancellationToken);
        await ExecuteAsync(connection, transaction, $"TRUNCATE {SupportSearchService.Table}", cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"COPY {SupportSearchService.Table} (article_id, title, body, category, doc_type, region, product_line, tags, published_on, view_count, helpful_votes, embedding, embedding_model) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < articles.Count; i++)
            {
                var a = articles[i];
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(a.ArticleId, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(a.Title, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.Body, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.Category, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.DocType, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.Region, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.ProductLine, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(a.PublishedOn, NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(a.ViewCount, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(a.HelpfulVotes, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(vectors[i].Vector.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await writer.WriteAsync(model, NpgsqlDbType.Text, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Identifies the embedding model, so a change of model re-embeds the corpus.</summary>
    public static string ModelId(IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        var metadata = embeddings.GetService<EmbeddingGeneratorMetadata>();
        return $"{metadata?.DefaultModelId ?? embeddings.GetType().Name}/{metadata?.DefaultModelDimensions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
