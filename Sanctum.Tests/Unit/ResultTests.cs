using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Tests.Unit;

public sealed class ResultTests
{
    [Fact]
    public void Success_wraps_an_interface_typed_list_as_it_is()
    {
        IReadOnlyList<int> values = [1, 2];

        var result = Result.Success(values);

        Assert.Null(result.Error);
        Assert.Same(values, result.Value);
    }

    [Fact]
    public void ToOk_with_a_map_answers_200_with_the_mapped_body()
    {
        var result = Result<int>.Success(41);

        var ok = Assert.IsType<Ok<string>>(result.ToOk(value => $"answer {value + 1}").Result);

        Assert.Equal("answer 42", ok.Value);
    }

    [Fact]
    public void ToOk_with_a_map_answers_the_error_without_calling_the_map()
    {
        Result<int> result = Error.NotFound("User", 7);

        var problem = Assert.IsType<ProblemHttpResult>(result.ToOk<int, string>(_ => throw new InvalidOperationException("mapped")).Result);

        Assert.Equal(404, problem.StatusCode);
        Assert.Equal("User with ID 7 not found", problem.ProblemDetails.Detail);
    }
}
