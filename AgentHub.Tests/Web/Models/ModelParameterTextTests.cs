using AgentHub.Web.Components.Pages.AgentHub.Models;

namespace AgentHub.Tests.Web.Models;

/// <summary>The Models tab's words for a model's parameters, from the values Core returns.</summary>
public sealed class ModelParameterTextTests
{
    [Fact]
    public void AModelWithoutParametersShouldReadProviderDefaults()
    {
        var text = ModelParameterText.Summarize(new ModelParameters(null, null, null, 0));

        Assert.Equal("Provider defaults", text);
    }

    [Fact]
    public void EveryParameterShouldBeWordedInOrderWithTheAdditionalOnesCounted()
    {
        var text = ModelParameterText.Summarize(new ModelParameters(0.7, 512, 0.9, 3));

        Assert.Equal("temperature 0.7 · max tokens 512 · top P 0.9 · +3 more", text);
    }
}
