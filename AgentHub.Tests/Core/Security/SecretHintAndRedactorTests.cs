using AgentHub.Core.Security;
using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Security;

public sealed class SecretHintAndRedactorTests
{
    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());

    [Fact]
    public void AKeyShouldBeHintedByItsLastFourCharacters()
    {
        var hint = SecretHint.For(Catalog.Get(ProviderIds.OpenAi), new Dictionary<string, string> { [FieldKeys.ApiKey] = "sk-proj-abcdefgh1234a1b2" });

        Assert.Equal("…a1b2", hint);
    }

    [Fact]
    public void AShortKeyShouldNotBeHalfRevealed()
    {
        var hint = SecretHint.For(Catalog.Get(ProviderIds.Custom), new Dictionary<string, string> { [FieldKeys.ApiKey] = "abcd1234" });

        Assert.Equal("…", hint);
    }

    [Fact]
    public void AServiceAccountShouldBeHintedByItsClientEmail()
    {
        var hint = SecretHint.For(Catalog.Get(ProviderIds.VertexAi), new Dictionary<string, string> { [FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson() });

        Assert.Equal(Inputs.ServiceAccountEmail, hint);
    }

    [Fact]
    public void ACustomCredentialWithoutKeyShouldHaveNoHint()
    {
        Assert.Null(SecretHint.For(Catalog.Get(ProviderIds.Custom), new Dictionary<string, string>()));
    }

    [Fact]
    public void RedactShouldMaskEverySecretIncludingOnesContainingOthers()
    {
        var text = Redactor.Redact("key sk-long-secret-999 and sk-long and sk-long-secret-999 again", ["sk-long", "sk-long-secret-999"]);

        Assert.Equal("key [redacted] and [redacted] and [redacted] again", text);
    }

    [Fact]
    public void RedactShouldIgnoreBlankValues()
    {
        Assert.Equal("a b c", Redactor.Redact("a b c", ["", " "]));
    }

    [Fact]
    public void RedactShouldMaskAShortValueOnlyWhereItStandsAlone()
    {
        var text = Redactor.Redact("gw=k9 k9z ak9 k9. on \"k9\" 'on' only", ["k9", "on"]);

        Assert.Equal("gw=[redacted] k9z ak9 [redacted]. [redacted] \"[redacted]\" '[redacted]' only", text);
    }

    [Fact]
    public void RedactShouldMaskCaseChangedCopies()
    {
        var text = Redactor.Redact("got SK-PROJ-ABCDEF123456 and sk-proj-abcdef123456", ["sk-proj-AbCdEf123456"]);

        Assert.Equal("got [redacted] and [redacted]", text);
    }

    [Fact]
    public void RedactShouldMaskUrlEncodedCopies()
    {
        const string secret = "sk+ab/cd=ef gh";

        var text = Redactor.Redact($"a={Uri.EscapeDataString(secret)}&b={System.Net.WebUtility.UrlEncode(secret)}&c={Uri.EscapeDataString(secret).ToLowerInvariant()}", [secret]);

        Assert.Equal("a=[redacted]&b=[redacted]&c=[redacted]", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("u:")]
    [InlineData("us:")]
    [InlineData("user:")]
    public void RedactShouldMaskBase64CopiesAtAnyAlignment(string prefix)
    {
        const string secret = "sk-base64-secret-0042";
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(prefix + secret + "!"));

        var text = Redactor.Redact("Authorization: Basic " + encoded, [secret]);

        Assert.Contains(Redactor.Mask, text);
        var left = text["Authorization: Basic ".Length..].Replace(Redactor.Mask, "", StringComparison.Ordinal);
        // What stays: the prefix's own groups, and at most one group at each edge that mixes in two secret bytes.
        Assert.True(left.Length <= 4 * (prefix.Length / 3) + 8, $"only the prefix and two edge groups may stay, got '{left}'");
    }

    [Fact]
    public void RedactShouldMaskAWholeBase64CopyWhole()
    {
        const string secret = "sk-base64-secret-0042";
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret));
        var urlSafe = encoded.Replace('+', '-').Replace('/', '_').TrimEnd('=');

        Assert.Equal("t=[redacted] u=[redacted]", Redactor.Redact($"t={encoded} u={urlSafe}", [secret]));
    }

    [Fact]
    public void RedactShouldMaskEachHeaderValueOfAHeaderBlock()
    {
        var text = Redactor.Redact("echo: abc and gateway-secret-77", ["X-Org: abc\nX-Gateway-Token: gateway-secret-77"]);

        Assert.Equal("echo: [redacted] and [redacted]", text);
    }
}
