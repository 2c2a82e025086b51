using System.Diagnostics.CodeAnalysis;
using FluentValidation.Results;

namespace AgentHub.Core;

/// <summary>Why a service refused or could not finish an operation.</summary>
public enum OperationErrorKind
{
    /// <summary>Some input is wrong; <see cref="OperationError.FieldErrors"/> says where.</summary>
    Invalid,

    /// <summary>The object does not exist in the acting team.</summary>
    NotFound,

    /// <summary>Someone else changed the object since it was read.</summary>
    Concurrency,

    /// <summary>The team holds as many credentials as it may.</summary>
    LimitReached,

    /// <summary>The provider did not accept new authentication details; nothing was stored.</summary>
    VerificationFailed,

    /// <summary>The operation is not allowed in the object's current state.</summary>
    Conflict,

    /// <summary>The actor's role does not allow the change (a Viewer).</summary>
    Forbidden,

    /// <summary>The provider's answer said nothing about the values (busy, down or out of reach); nothing was recorded.</summary>
    Inconclusive,
}

/// <summary>A refusal the admin must act on: a kind, a plain message and, for input, the fields at fault.</summary>
public sealed record OperationError(OperationErrorKind Kind, string Message)
{
    /// <summary>Messages by property name (Name, Description, or a provider field key).</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The provider's answer when <see cref="Kind"/> is <see cref="OperationErrorKind.VerificationFailed"/>.</summary>
    public VerificationResult? Verification { get; init; }

    public static OperationError NotFound(string what) => new(OperationErrorKind.NotFound, $"{what} no longer exists. Reload the page.");

    public static OperationError ChangedElsewhere(string what) =>
        new(OperationErrorKind.Concurrency, $"This {what} was changed by someone else while you were editing. Reload to see their changes, then edit again.");

    /// <summary>The failures of a FluentValidation run, grouped by property; the first one is the headline.</summary>
    public static OperationError FromValidation(ValidationResult validation) =>
        new(OperationErrorKind.Invalid, validation.Errors[0].ErrorMessage)
        {
            FieldErrors = validation.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()),
        };

    public static OperationError Field(string property, string message) =>
        new(OperationErrorKind.Invalid, message) { FieldErrors = new Dictionary<string, string[]> { [property] = [message] } };
}

/// <summary>The outcome of a service operation: a value, or an <see cref="OperationError"/>.</summary>
public sealed record OperationResult<T>
{
    private OperationResult(T? value, OperationError? error) => (Value, Error, Succeeded) = (value, error, error is null);

    /// <summary>The operation's value; present exactly when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>Why the operation did not happen; present exactly when it did not succeed.</summary>
    public OperationError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded { get; }

    public static OperationResult<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static OperationResult<T> Fail(OperationError error) => new(default, error);

    public static implicit operator OperationResult<T>(OperationError error) => Fail(error);
}

/// <summary>The outcome of a service operation that has no value: done, or an <see cref="OperationError"/>.</summary>
public sealed record OperationResult
{
    private static readonly OperationResult Done = new(null);

    private OperationResult(OperationError? error) => (Error, Succeeded) = (error, error is null);

    /// <summary>Why the operation did not happen; present exactly when it did not succeed.</summary>
    public OperationError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded { get; }

    public static OperationResult Ok() => Done;

    public static OperationResult Fail(OperationError error) => new(error);

    public static implicit operator OperationResult(OperationError error) => Fail(error);
}
