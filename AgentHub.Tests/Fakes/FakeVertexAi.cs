using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// Google's token endpoint and Vertex AI in one server. The token endpoint takes the JWT bearer
/// grant and checks the assertion as Google does: RS256 signature against the public half of the
/// service account's key, issuer, audience, scope and lifetime.
/// </summary>
public sealed class FakeVertexAi : FakeProviderServer
{
    /// <summary>The access token the token endpoint issues and the API accepts.</summary>
    public const string IssuedToken = "ya29.fake-vertex-access-token";
    private const string GoogleAudience = "https://oauth2.googleapis.com/token";

    /// <summary>The service account's key pair; tests put its private half in the JSON key.</summary>
    public RSA AccountKey { get; } = RSA.Create(2048);

    public string ClientEmail { get; set; } = "agent-hub@fake-project.iam.gserviceaccount.com";

    public string ProjectId { get; set; } = "fake-project";

    /// <summary>Answer 403 SERVICE_DISABLED: the Vertex AI API is off in the project.</summary>
    public bool ServiceDisabled { get; set; }

    /// <summary>The last assertion's claims, for assertions on what was signed.</summary>
    public JsonElement? LastClaims { get; private set; }

    public Uri TokenUrl => new(Root, "token");

    protected override string BasePath => "";

    protected override bool IsAuthorized(HttpRequest request) => Bearer(request) == IssuedToken;

    /// <summary>A JSON key for the fake's service account, signed with <paramref name="signingKey"/> (the right one by default).</summary>
    public string ServiceAccountJson(RSA? signingKey = null) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = "fakekeyid0000000000000000000000000000001",
        ["private_key"] = (signingKey ?? AccountKey).ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000002",
        ["token_uri"] = TokenUrl.AbsoluteUri,
    });

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
            {
                return Json(400, new { error = "unsupported_grant_type", error_description = "Invalid grant_type." });
            }

            return Answer == FakeAnswer.InvalidKey || !ValidAssertion(form["assertion"].ToString())
                ? Json(400, new { error = "invalid_grant", error_description = "Invalid JWT Signature." })
                : Results.Json(new { access_token = IssuedToken, expires_in = 3599, token_type = "Bearer" });
        });
        app.MapPost("/v1/projects/{project}/locations/{location}/publishers/google/models/{model}", (HttpRequest request, string project, string model) =>
        {
            if (Gate(request) is { } refused)
            {
                return refused;
            }

            if (ServiceDisabled)
            {
                return Json(403, new
                {
                    error = new
                    {
                        code = 403,
                        message = "Vertex AI API has not been used in project 123456 before or it is disabled.",
                        status = "PERMISSION_DENIED",
                        details = new object[] { new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = "SERVICE_DISABLED", ["metadata"] = new Dictionary<string, string> { ["consumer"] = "projects/123456" } } },
                    },
                });
            }

            if (project != ProjectId)
            {
                return Error(FakeAnswer.PermissionDenied, request);
            }

            return model.EndsWith(":countTokens", StringComparison.Ordinal)
                ? Results.Json(new { totalTokens = 1, totalBillableCharacters = 4 })
                : FakeGoogleChat.Answer(request, model);
        });
        app.MapGet("/v1beta1/publishers/google/models", (HttpRequest request) =>
            Gate(request) ?? (request.Headers["x-goog-user-project"] != ProjectId
                ? Error(FakeAnswer.PermissionDenied, request)
                : Results.Json(new { publisherModels = Models.Select(id => new { name = "publishers/google/models/" + id }) })));
    }

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        FakeAnswer.InvalidKey => Json(401, Envelope(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")),
        FakeAnswer.PermissionDenied => Json(403, Envelope(403, "PERMISSION_DENIED", "Permission 'aiplatform.endpoints.predict' denied on resource (or it may not exist).")),
        FakeAnswer.RateLimited or FakeAnswer.QuotaExhausted => Json(429, Envelope(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model.")),
        // A careless error that quotes the access token the request carried.
        _ => Json(500, Envelope(500, "INTERNAL", $"Internal error encountered for {request.Headers.Authorization}.")),
    };

    private static object Envelope(int code, string status, string message) => new { error = new { code, message, status } };

    private bool ValidAssertion(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!AccountKey.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return false;
        }

        using var payload = JsonDocument.Parse(Base64Url(parts[1]));
        var claims = payload.RootElement.Clone();
        LastClaims = claims;
        var iat = claims.GetProperty("iat").GetInt64();
        var exp = claims.GetProperty("exp").GetInt64();
        return claims.GetProperty("iss").GetString() == ClientEmail
            // Google.Apis.Auth addresses the assertion to Google's token endpoint whatever token_uri says,
            // and that audience is what Google checks.
            && claims.GetProperty("aud").GetString() == GoogleAudience
            && claims.GetProperty("scope").GetString()!.Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform")
            && exp > iat && exp - iat <= 3600;
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}
