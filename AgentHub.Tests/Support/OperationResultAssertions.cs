namespace AgentHub.Tests.Support;

/// <summary>Reading results in tests without the null-forgiving operator.</summary>
public static class OperationResultAssertions
{
    /// <summary>The value of a result the test needs to have succeeded; fails the test with the error's message otherwise.</summary>
    public static T ValueOrFail<T>(this OperationResult<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value;
    }

    /// <summary>The error of a result the test needs to have failed; fails the test when it succeeded.</summary>
    public static OperationError ErrorOrFail<T>(this OperationResult<T> result)
    {
        Assert.False(result.Succeeded, "The operation succeeded.");
        return result.Error;
    }

    /// <summary>The error of a result the test needs to have failed; fails the test when it succeeded.</summary>
    public static OperationError ErrorOrFail(this OperationResult result)
    {
        Assert.False(result.Succeeded, "The operation succeeded.");
        return result.Error;
    }
}
