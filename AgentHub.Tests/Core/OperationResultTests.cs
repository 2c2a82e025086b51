namespace AgentHub.Tests.Core;

/// <summary>The result types the services return: a value exactly when they succeed.</summary>
public sealed class OperationResultTests
{
    [Fact]
    public void ASuccessShouldRefuseAMissingValue()
    {
        Assert.Throws<ArgumentNullException>(() => OperationResult<string>.Ok(null!));
    }

    [Fact]
    public void AResultWithoutValueShouldCarryItsErrorWhenItFails()
    {
        OperationResult failed = OperationError.NotFound("The model");

        Assert.False(failed.Succeeded);
        Assert.Equal(OperationErrorKind.NotFound, failed.Error.Kind);
        Assert.True(OperationResult.Ok().Succeeded);
    }
}
