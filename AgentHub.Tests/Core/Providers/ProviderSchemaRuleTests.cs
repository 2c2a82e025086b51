using AgentHub.Core.Gateway.Dialects;
using AgentHub.Core.Providers.Vertex;

namespace AgentHub.Tests.Core.Providers;

/// <summary>
/// Generic code asks a field or a schema for a provider's own rules instead of asking which
/// provider it is: a field's content rule, a schema's cross-field rule, whether it speaks OpenAI's chat.
/// </summary>
public sealed class ProviderSchemaRuleTests
{
    [Fact]
    public void AFieldsContentRuleShouldBeSaidAfterItsLabel()
    {
        var field = new ProviderField("token", "Token", FieldKind.Text, Required: true, "A token.", IsAuth: true)
        {
            ContentRule = value => value.StartsWith("tk-", StringComparison.Ordinal) ? null : "must start with tk-.",
        };

        var refused = ProviderFieldRules.Check(field, "abc", keepsStoredSecret: false).ToList();
        var accepted = ProviderFieldRules.Check(field, "tk-abc", keepsStoredSecret: false).ToList();

        Assert.Equal(["Token must start with tk-."], refused);
        Assert.Empty(accepted);
    }

    [Fact]
    public void VertexAiShouldCarryItsKeyRulesOnItsSchema()
    {
        var vertex = ProviderTestValues.Catalog.Get(ProviderIds.VertexAi);

        var keyField = vertex.Field(FieldKeys.ServiceAccountKey)!;

        Assert.Equal(VertexFieldRules.CheckKey, keyField.ContentRule);
        Assert.Equal(VertexFieldRules.CheckKeyProject, vertex.CrossFieldRule);
        Assert.All(ProviderTestValues.Catalog.All.Where(s => s.Id != ProviderIds.VertexAi), s => Assert.Null(s.CrossFieldRule));
    }

    [Fact]
    public void TheOpenAiCompatibleDialectShouldServeExactlyTheSchemasThatSpeakOpenAiChat()
    {
        var speaking = ProviderTestValues.Catalog.All.Where(s => s.SpeaksOpenAiChat).Select(s => s.Id).ToList();

        Assert.Equal(speaking, OpenAiCompatibleDialect.Providers);
        Assert.Contains(ProviderIds.Custom, speaking);
        Assert.DoesNotContain(ProviderIds.Anthropic, speaking);
    }
}
