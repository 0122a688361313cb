using Npgsql;

namespace Orchestrator.AgentCore.Auth;

/// <summary>API keys in <c>orchestrator-db</c>, stored only as hashes.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Creates a key for <paramref name="owner"/>; the returned key is never stored and cannot be shown again.</summary>
    public async Task<CreatedApiKey> CreateAsync(string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var (id, key) = ApiKeys.Generate();
        await using var command = dataSource.CreateCommand("INSERT INTO agentcore_api_keys (id, owner, key_hash) VALUES ($1, $2, $3)");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(ApiKeys.Hash(key));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new CreatedApiKey(id, owner, key);
    }

    /// <summary>The owner and id of a valid, unrevoked key, or null.</summary>
    public async Task<(string Id, string Owner)?> ValidateAsync(string key, CancellationToken cancellationToken)
    {
        if (ApiKeys.TryGetId(key) is not { } id)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("SELECT owner, key_hash FROM agentcore_api_keys WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && ApiKeys.Matches(key, reader.GetFieldValue<byte[]>(1))
            ? (id, reader.GetString(0))
            : null;
    }

    /// <summary>Keys, newest first, of one owner or of all; at most 1,000.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, owner, created_at, revoked_at FROM agentcore_api_keys WHERE $1::text IS NULL OR owner = $1 ORDER BY created_at DESC, id LIMIT 1000");
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = owner, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKeyInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return keys;
    }

    /// <summary>Revokes a key; the next request presenting it is refused.</summary>
    /// <returns>False when no key has that id.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE agentcore_api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}

/// <summary>What is known of a key besides its secret.</summary>
public sealed record ApiKeyInfo(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("owner")] string Owner,
    [property: System.Text.Json.Serialization.JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt);

/// <summary>A freshly created key: the only time its secret is visible.</summary>
public sealed record CreatedApiKey(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("owner")] string Owner,
    [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key);
