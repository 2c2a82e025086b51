using FluentValidation;

namespace AgentHub.Web.Components.Shared;

/// <summary>
/// Binds a Core validator to a <c>MudForm</c>: the form's <c>Validation</c> calls it for the one property
/// a field names with <c>For</c>, so every message and limit a form shows is the validator's own.
/// </summary>
public static class FluentValidationForms
{
    /// <summary>The form-level validation function: the model and the path of one field's property in, that property's messages out.</summary>
    public static Func<object, string, Task<IEnumerable<string>>> ValidateValue<T>(this IValidator<T> validator) =>
        async (model, propertyName) =>
        {
            var context = ValidationContext<T>.CreateWithOptions((T)model, options => options.IncludeProperties(propertyName));
            var result = await validator.ValidateAsync(context);
            return result.Errors.Select(failure => failure.ErrorMessage);
        };
}
