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
}

/// <summary>A freshly created key: the only time its secret is visible.</summary>
public sealed record CreatedApiKey(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("owner")] string Owner,
    [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key);
