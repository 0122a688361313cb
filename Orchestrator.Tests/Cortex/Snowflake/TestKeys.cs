namespace Orchestrator.Tests.Cortex.Snowflake;

/// <summary>The test key pair in Keys/ (see Keys/README.md for how it was made).</summary>
internal static class TestKeys
{
    public const string Passphrase = "correct-horse";

    // openssl pkey -in rsa_key.p8 -pubout -outform DER | openssl dgst -sha256 -binary | openssl enc -base64
    public const string ExpectedFingerprint = "SHA256:XnpHJyvWLMVG5ikNMpJnc6ZSq91o8I85TMw/gS4eqkQ=";

    public static string PrivateKeyPath => Path.Combine(AppContext.BaseDirectory, "Cortex", "Snowflake", "Keys", "rsa_key.p8");

    public static string PrivateKey => File.ReadAllText(PrivateKeyPath);

    public static string EncryptedPrivateKey => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cortex", "Snowflake", "Keys", "rsa_key_encrypted.p8"));

    public static string PublicKey => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cortex", "Snowflake", "Keys", "rsa_key.pub"));
}
