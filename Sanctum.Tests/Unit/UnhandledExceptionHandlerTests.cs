using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Tests.Unit;

public sealed class UnhandledExceptionHandlerTests
{
    [Fact]
    public async Task Unexpected_exception_is_a_500_problem_without_internals()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails(o => o.CustomizeProblemDetails = ProblemResults.Customize).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "req-1" };
        context.Response.Body = new MemoryStream();
        var handler = new UnhandledExceptionHandler(
            NullLogger<UnhandledExceptionHandler>.Instance, new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));

        var handled = await handler.TryHandleAsync(context, new InvalidOperationException("connection string Password=secret"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(500, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("INTERNAL_ERROR", body.GetProperty("code").GetString());
        Assert.Equal("Internal server error", body.GetProperty("error").GetString());
        Assert.Equal("req-1", body.GetProperty("request_id").GetString());
    }
}
