using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Http;

namespace Sanctum.Tests.Unit;

/// <summary>
/// The exception handler clears the response headers before it writes its error, so the request id and the
/// security headers must survive that: the middlewares in the pipeline's order, in front of an endpoint that throws.
/// </summary>
public sealed class ResponseHeadersOnErrorTests
{
    /// <summary>Runs the OnStarting callbacks when asked, as a server does when the response starts.</summary>
    private sealed class StartingResponseFeature : HttpResponseFeature
    {
        private readonly Stack<(Func<object, Task> Callback, object State)> _starting = new();

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Push((callback, state));

        public async Task StartAsync()
        {
            while (_starting.TryPop(out var entry))
            {
                await entry.Callback(entry.State);
            }
        }
    }

    private static async Task<HttpContext> RunAsync(RequestDelegate endpoint, string? requestId = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(new DiagnosticListener("test"))
            .AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResults.Customize);
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        var provider = services.BuildServiceProvider();

        var app = new ApplicationBuilder(provider);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.Run(endpoint);
        var pipeline = app.Build();

        var response = new StartingResponseFeature();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Features.Set<IHttpResponseFeature>(response);
        context.Response.Body = new MemoryStream();
        if (requestId is not null)
        {
            context.Request.Headers["X-Request-ID"] = requestId;
        }
        await pipeline(context);
        await response.StartAsync();
        return context;
    }

    [Fact]
    public async Task A_500_from_an_exception_carries_the_request_id_and_the_security_headers()
    {
        var context = await RunAsync(_ => throw new InvalidOperationException("boom"), requestId: "req-123");

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("req-123", context.Response.Headers["X-Request-ID"].ToString());
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("SAMEORIGIN", context.Response.Headers.XFrameOptions.ToString());
        Assert.Equal("no-referrer", context.Response.Headers["Referrer-Policy"].ToString());
        context.Response.Body.Position = 0;
        var body = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("req-123", body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task A_generated_request_id_is_the_one_in_the_header_and_the_body()
    {
        var context = await RunAsync(_ => throw new InvalidOperationException("boom"));

        var header = context.Response.Headers["X-Request-ID"].ToString();
        Assert.False(string.IsNullOrEmpty(header));
        context.Response.Body.Position = 0;
        Assert.Equal(header, JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task A_header_the_endpoint_set_itself_is_kept()
    {
        var context = await RunAsync(http =>
        {
            http.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            return Task.CompletedTask;
        });

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("cross-origin", context.Response.Headers["Cross-Origin-Resource-Policy"].ToString());
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
    }
}
