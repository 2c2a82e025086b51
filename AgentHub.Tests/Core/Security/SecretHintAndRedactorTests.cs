using AgentHub.Core.Providers;
using AgentHub.Core.Security;
using AgentHub.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Security;

public sealed class SecretHintAndRedactorTests
{
    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());

    [Fact]
    public void AKeyShouldBeHintedByItsLastFourCharacters()
    {
        var hint = SecretHint.For(Catalog.Get("openai"), new Dictionary<string, string> { [FieldKeys.ApiKey] = "sk-proj-abcdefgh1234a1b2" });

        Assert.Equal("…a1b2", hint);
    }

    [Fact]
    public void AShortKeyShouldNotBeHalfRevealed()
    {
        var hint = SecretHint.For(Catalog.Get("custom"), new Dictionary<string, string> { [FieldKeys.ApiKey] = "abcd1234" });

        Assert.Equal("…", hint);
    }

    [Fact]
    public void AServiceAccountShouldBeHintedByItsClientEmail()
    {
        var hint = SecretHint.For(Catalog.Get("vertex-ai"), new Dictionary<string, string> { [FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson() });

        Assert.Equal(Inputs.ServiceAccountEmail, hint);
    }

    [Fact]
    public void ACustomCredentialWithoutKeyShouldHaveNoHint()
    {
        Assert.Null(SecretHint.For(Catalog.Get("custom"), new Dictionary<string, string>()));
    }

    [Fact]
    public void RedactShouldMaskEverySecretIncludingOnesContainingOthers()
    {
        var text = Redactor.Redact("key sk-long-secret-999 and sk-long and sk-long-secret-999 again", ["sk-long", "sk-long-secret-999"]);

        Assert.Equal("key [redacted] and [redacted] and [redacted] again", text);
    }

    [Fact]
    public void RedactShouldIgnoreValuesTooShortToBeSecrets()
    {
        Assert.Equal("a b c", Redactor.Redact("a b c", ["a", ""]));
    }
}
