using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.ServiceDefaults.Data;

/// <summary>One versioned SQL script of a component (a file named <c>NNNN_description.sql</c>).</summary>
public sealed record SqlMigration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script; a changed script that was already applied is refused.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
