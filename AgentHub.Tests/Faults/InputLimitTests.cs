using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentHub.Tests.Faults;

/// <summary>
/// Every input has a declared maximum that the server enforces with a message at its field, and
/// the live connection carries a value well beyond the largest maximum, so the message can be given.
/// </summary>
public sealed class InputLimitTests
{
    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());

    public static TheoryData<string, string> EveryProviderField()
    {
        var data = new TheoryData<string, string>();
        foreach (var schema in Catalog.All)
        {
            foreach (var field in schema.Fields)
            {
                data.Add(schema.Id, field.Key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryProviderField))]
    public void AValueOneCharacterOverTheFieldsMaximumShouldBeRefusedAtThatField(string providerId, string fieldKey)
    {
        var field = Catalog.Get(providerId).Fields.Single(f => f.Key == fieldKey);
        var input = Inputs.Credential("Limits", providerId, values: new() { [fieldKey] = new string('a', field.MaxLength + 1) });

        var result = new CredentialInputValidator(Catalog).Validate(input);

        var error = Assert.Single(result.Errors, e => e.PropertyName == fieldKey);
        Assert.Equal($"{field.Label} must be at most {field.MaxLength:N0} characters.", error.ErrorMessage);
    }

    [Fact]
    public void EachKindShouldDeclareItsMaximum()
    {
        var fields = Catalog.All.SelectMany(s => s.Fields).ToList();

        Assert.All(fields.Where(f => f.Kind is FieldKind.Json or FieldKind.Pem), f => Assert.Equal(FieldLimits.Document, f.MaxLength));
        Assert.All(fields.Where(f => f.Kind == FieldKind.Secret), f => Assert.Equal(FieldLimits.Key, f.MaxLength));
        Assert.All(fields.Where(f => f.Kind == FieldKind.Headers), f => Assert.Equal(FieldLimits.Headers, f.MaxLength));
    }

    [Fact]
    public void AdditionalParametersShouldAcceptItsMaximumAndRefuseOneMore()
    {
        var validator = new ModelInputValidator();
        string Of(int length) => "{\"pad\":\"" + new string('x', length - 10) + "\"}";

        var atMax = validator.Validate(new ModelInput { CredentialId = Guid.NewGuid(), ModelId = "m", AdditionalParameters = Of(ModelInputValidator.AdditionalParametersMaxLength) });
        var over = validator.Validate(new ModelInput { CredentialId = Guid.NewGuid(), ModelId = "m", AdditionalParameters = Of(ModelInputValidator.AdditionalParametersMaxLength + 1) });

        Assert.True(atMax.IsValid);
        var error = Assert.Single(over.Errors);
        Assert.Equal(nameof(ModelInput.AdditionalParameters), error.PropertyName);
        Assert.Equal($"Additional parameters must be at most {ModelInputValidator.AdditionalParametersMaxLength:N0} characters.", error.ErrorMessage);
    }

    [Fact]
    public async Task TheModelServiceShouldRefuseOversizedAdditionalParametersItself()
    {
        await using var store = await TestStore.CreateAsync();
        var credential = await store.CreateVerifiedAsync("Prod");
        var input = new ModelInput
        {
            CredentialId = credential.Id,
            ModelId = "gpt-4o",
            AdditionalParameters = "{\"pad\":\"" + new string('x', ModelInputValidator.AdditionalParametersMaxLength) + "\"}",
        };

        var result = await store.ModelChanges.ConnectAsync(store.Admin, input);

        Assert.False(result.Succeeded);
        Assert.Contains(nameof(ModelInput.AdditionalParameters), result.Error.FieldErrors.Keys);
    }

    [Fact]
    public async Task TheLiveConnectionShouldCarryAValueManyTimesTheLargestMaximum()
    {
        await using var app = new AgentHubAppFactory();
        var hub = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub));
        var largest = Catalog.All.SelectMany(s => s.Fields).Max(f => f.MaxLength);

        var options = (HubOptions)optionsType.GetProperty("Value")!.GetValue(app.Services.GetRequiredService(optionsType))!;

        // Six bytes a character is JSON's worst escape; a paste past the maximum must still arrive.
        Assert.True(options.MaximumReceiveMessageSize >= 6L * Math.Max(largest, ModelInputValidator.AdditionalParametersMaxLength) * 2,
            $"MaximumReceiveMessageSize is {options.MaximumReceiveMessageSize}");
    }
}
