using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>
/// A strict stand-in for Bedrock Runtime on 127.0.0.1: verifies every request's SigV4 signature with
/// <see cref="SigV4Verifier"/>, checks the Converse request rules, and answers with scripted replies
/// (Converse JSON, ConverseStream event-stream frames sent in small chunks, or Bedrock-shaped errors).
/// It also serves ECS container credentials that expire, to exercise credential refresh.
/// </summary>
public sealed class FakeBedrockServer : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccessKey = "AKIDFAKEBEDROCK";
    public const string SecretKey = "fake/secret+key/for/the/bedrock/fake";
    public const string ContainerToken = "container-authorization-token";
    public const string SsoAccessToken = "sso-portal-access-token";
    public const string SsoAccountId = "123456789012";
    public const string SsoRoleName = "BedrockUser";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Secret, string? SessionToken)> _keys = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeReply>> _scripts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RecordedRequest>> _requests = new();
    private readonly ConcurrentDictionary<string, FakeReply> _standingReplies = new();
    private int _issuedCredentials;

    private FakeBedrockServer(WebApplication app)
    {
        _app = app;
        _keys[AccessKey] = (SecretKey, null);
    }

    /// <summary>The base address to put in <c>Endpoint=</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The ECS-style container credentials address (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>).</summary>
    public Uri ContainerCredentialsUri => new(Endpoint, "ecs-credentials");

    /// <summary>How long issued container credentials live; inside the SDK's 15-minute refresh window by default.</summary>
    public TimeSpan ContainerCredentialLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public int IssuedCredentialCount => Volatile.Read(ref _issuedCredentials);

    /// <summary>Requests rejected because of their signature, with the reason.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    public static async Task<FakeBedrockServer> StartAsync()
    {
        FakeBedrockServer? server = null;
        var app = await LoopbackWebApp.StartAsync(app =>
        {
            server = new FakeBedrockServer(app);
            app.MapGet("/ecs-credentials", server.IssueContainerCredentials);
            app.MapGet("/federation/credentials", server.IssueSsoRoleCredentials);
            app.MapPost("/model/{modelId}/{operation}", server.HandleAsync);
        });
        server!.Endpoint = new Uri(app.Urls.Single() + "/");
        return server;
    }

    /// <summary>Queues replies for calls to <paramref name="modelId"/>, answered in order.</summary>
    public void Script(string modelId, params FakeReply[] replies)
    {
        var queue = _scripts.GetOrAdd(modelId, _ => new());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    /// <summary>
    /// Answers every call to <paramref name="modelId"/> with <paramref name="reply"/> once its queue is empty,
    /// and stops recording its requests (for benchmarks that make many calls).
    /// </summary>
    public void ScriptStanding(string modelId, FakeReply reply) => _standingReplies[modelId] = reply;

    /// <summary>The verified requests made for <paramref name="modelId"/>, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string modelId) =>
        _requests.TryGetValue(modelId, out var queue) ? queue.ToList() : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult IssueContainerCredentials(HttpContext context)
    {
        if (context.Request.Headers.Authorization != ContainerToken)
        {
            return Results.Json(new { code = "AccessDenied", message = "bad container authorization token" }, statusCode: 401);
        }

        var n = Interlocked.Increment(ref _issuedCredentials);
        var accessKey = $"ASIAFAKECONTAINER{n}";
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        _keys[accessKey] = (secret, token);
        return Results.Json(new Dictionary<string, string>
        {
            ["AccessKeyId"] = accessKey,
            ["SecretAccessKey"] = secret,
            ["Token"] = token,
            ["Expiration"] = DateTime.UtcNow.Add(ContainerCredentialLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>IAM Identity Center's GetRoleCredentials, as the SSO profile provider calls it with a cached access token.</summary>
    private IResult IssueSsoRoleCredentials(HttpContext context, string account_id, string role_name)
    {
        if (context.Request.Headers["x-amz-sso_bearer_token"] != SsoAccessToken || account_id != SsoAccountId || role_name != SsoRoleName)
        {
            return Results.Json(new { message = "Session token not found or invalid" }, statusCode: 401);
        }

        var n = Interlocked.Increment(ref _issuedCredentials);
        var accessKey = $"ASIAFAKESSO{n}";
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        _keys[accessKey] = (secret, token);
        return Results.Json(new
        {
            roleCredentials = new
            {
                accessKeyId = accessKey,
                secretAccessKey = secret,
                sessionToken = token,
                expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
            },
        });
    }

    private async Task HandleAsync(HttpContext context, string modelId, string operation)
    {
        // Routing leaves %2F (an inference-profile ARN's '/') encoded; the model id is the fully decoded segment.
        modelId = Uri.UnescapeDataString(modelId);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var rawPath = rawTarget.Split('?')[0];

        var (accessKey, signedHeaders, rejection) = VerifySignature(context.Request, rawTarget, body);
        if (rejection is not null)
        {
            Rejections.Enqueue(rejection.Value.Message);
            await WriteErrorAsync(context, 403, rejection.Value.Type, rejection.Value.Message);
            return;
        }

        if (operation is not ("converse" or "converse-stream"))
        {
            await WriteErrorAsync(context, 404, "UnknownOperationException", $"Unknown operation {operation}.");
            return;
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, 400, "SerializationException", e.Message);
            return;
        }

        var standing = _standingReplies.TryGetValue(modelId, out var standingReply);
        if (!standing)
        {
            _requests.GetOrAdd(modelId, _ => new()).Enqueue(new RecordedRequest(operation, rawPath, modelId, accessKey!, json, signedHeaders!));
        }

        if (ConverseRequestRules.Validate(json) is { } invalid)
        {
            await WriteErrorAsync(context, 400, "ValidationException", invalid);
            return;
        }

        FakeReply? reply = null;
        if (_scripts.TryGetValue(modelId, out var script))
        {
            script.TryDequeue(out reply);
        }

        reply ??= standingReply;
        if (reply is null)
        {
            await WriteErrorAsync(context, 400, "ValidationException", $"The fake has no scripted reply left for model {modelId}.");
            return;
        }

        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        switch (reply)
        {
            case ErrorReply error:
                await WriteErrorAsync(context, error.Status, error.Type, error.Message);
                break;
            case ConverseReply converse when operation == "converse":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(converse.Json, context.RequestAborted);
                break;
            case StreamReply stream when operation == "converse-stream":
                await WriteStreamAsync(context, stream);
                break;
            default:
                await WriteErrorAsync(context, 400, "ValidationException", $"The scripted {reply.GetType().Name} does not fit operation {operation}.");
                break;
        }
    }

    private static async Task WriteStreamAsync(HttpContext context, StreamReply stream)
    {
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        await context.Response.StartAsync(context.RequestAborted);
        for (var i = 0; i < stream.Frames.Length; i++)
        {
            var frame = (byte[])stream.Frames[i].Clone();
            if (stream.CorruptFrame == i)
            {
                frame[frame.Length - 6] ^= 0x5A;
            }

            // Small, flushed chunks make the client reassemble frames split anywhere, even inside the prelude.
            for (var offset = 0; offset < frame.Length; offset += 7)
            {
                await context.Response.Body.WriteAsync(frame.AsMemory(offset, Math.Min(7, frame.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
    }

    private (string? AccessKey, string[]? SignedHeaders, (string Type, string Message)? Rejection) VerifySignature(
        HttpRequest request, string rawTarget, byte[] body)
    {
        static (string?, string[]?, (string, string)?) Reject(string type, string message) => (null, null, (type, message));

        var authorization = SigV4Verifier.Authorization.Parse(request.Headers.Authorization);
        if (authorization is null)
        {
            return Reject("MissingAuthenticationTokenException", "Missing or malformed Authentication Token.");
        }

        if (!_keys.TryGetValue(authorization.AccessKey, out var key))
        {
            return Reject("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt) ||
            Math.Abs((DateTime.UtcNow - signedAt).TotalMinutes) > 5 || authorization.Date != amzDate[..8])
        {
            return Reject("InvalidSignatureException", $"Signature expired or x-amz-date '{amzDate}' does not match the credential scope.");
        }

        if (authorization.Region != Region || authorization.Service != "bedrock")
        {
            return Reject("InvalidSignatureException", $"Credential should be scoped to a valid region and service 'bedrock', not {authorization.Region}/{authorization.Service}.");
        }

        var required = key.SessionToken is null ? new[] { "host", "x-amz-date" } : ["host", "x-amz-date", "x-amz-security-token"];
        if (required.Except(authorization.SignedHeaders).FirstOrDefault() is { } unsigned)
        {
            return Reject("InvalidSignatureException", $"'{unsigned}' must be a signed header.");
        }

        if (key.SessionToken is not null && request.Headers["x-amz-security-token"] != key.SessionToken)
        {
            return Reject("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var payloadHash = SigV4Verifier.Sha256Hex(body);
        var declaredHash = request.Headers["x-amz-content-sha256"].ToString();
        if (declaredHash.Length > 0 && declaredHash != payloadHash)
        {
            return Reject("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var headers = authorization.SignedHeaders
            .Select(name => new KeyValuePair<string, string>(name, SigV4Verifier.CanonicalHeaderValue(request.Headers[name].Select(v => v ?? ""))))
            .ToList();
        var query = rawTarget.Contains('?', StringComparison.Ordinal) ? rawTarget[(rawTarget.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var canonical = SigV4Verifier.CanonicalRequest(request.Method, rawTarget.Split('?')[0], query, headers, payloadHash);
        var expected = SigV4Verifier.Signature(key.Secret, amzDate, authorization.Region, authorization.Service, canonical);
        if (!CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(authorization.Signature)))
        {
            return Reject("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
                $"The Canonical String for this request should have been\n'{canonical}'");
        }

        return (authorization.AccessKey, authorization.SignedHeaders, null);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { message }), context.RequestAborted);
    }
}

/// <summary>A request the fake accepted as correctly signed.</summary>
public sealed record RecordedRequest(string Operation, string RawPath, string ModelId, string AccessKey, JsonElement Body, string[] SignedHeaders);
