namespace AgentHub.Tests.Core.Models;

public sealed class ModelInputValidatorTests
{
    private readonly ModelInputValidator _validator = new();

    private static ModelInput Valid() => new() { CredentialId = Guid.NewGuid(), ModelId = "gpt-4o" };

    [Theory]
    [InlineData(-0.1, "Temperature must be between 0 and 2")]
    [InlineData(2.01, "Temperature must be between 0 and 2")]
    public void TemperatureOutsideItsRangeShouldBeRefused(double value, string message)
    {
        var input = Valid();
        input.Temperature = value;

        Assert.StartsWith(message, Assert.Single(_validator.Validate(input).Errors).ErrorMessage);
    }

    [Theory]
    [InlineData("{\"seed\": 42}", null)]
    [InlineData("[1]", "Additional parameters must be a JSON object")]
    [InlineData("{\"seed\": ", "Additional parameters is not valid JSON")]
    [InlineData("{\"messages\": []}", "Additional parameters must not set \"messages\"")]
    [InlineData("{\"max_tokens\": 5}", "Additional parameters must not set \"max_tokens\": use the Max tokens field")]
    public void AdditionalParametersShouldBeAJsonObjectWithoutReservedKeys(string json, string? expected)
    {
        var input = Valid();
        input.AdditionalParameters = json;

        var errors = _validator.Validate(input).Errors;

        if (expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.StartsWith(expected, Assert.Single(errors).ErrorMessage);
        }
    }

    [Fact]
    public void BoundaryValuesShouldBeAccepted()
    {
        var input = Valid();
        input.Temperature = 2;
        input.TopP = 0;
        input.MaxTokens = ModelInputValidator.MaxTokensLimit;

        Assert.True(_validator.Validate(input).IsValid);
    }

    [Fact]
    public void AMissingCredentialAndModelIdShouldBeNamed()
    {
        var errors = _validator.Validate(new ModelInput()).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e.StartsWith("Credential is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Model name or ID is required", StringComparison.Ordinal));
    }
}
