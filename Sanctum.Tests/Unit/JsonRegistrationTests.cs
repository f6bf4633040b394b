using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Json;

namespace Sanctum.Tests.Unit;

/// <summary>Every type a route reads or writes as JSON, and every event payload, is in the source-generated context;
/// nothing falls back to reflection.</summary>
public sealed class JsonRegistrationTests
{
    private static readonly Assembly Api = typeof(SanctumJsonContext).Assembly;

    public sealed record Unregistered(long Id);

    [Fact]
    public void Every_wire_type_of_every_route_and_event_is_registered()
    {
        var wireTypes = HandlerMethods().SelectMany(WireTypesOf).Concat(EventPayloads()).Distinct().ToList();

        var missing = wireTypes.Where(type => SanctumJsonContext.Default.GetTypeInfo(type) is null).Select(type => type.FullName).ToList();

        Assert.True(wireTypes.Count > 30, $"found only {wireTypes.Count} wire types: the scan is broken");
        Assert.Empty(missing);
    }

    [Fact]
    public void An_unregistered_type_is_refused_instead_of_reflected()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Unregistered(1), JsonSetup.Options));
    }

    [Fact]
    public void Problem_bodies_serialize_with_the_apps_options()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["title"] = ["Title is required"] }) { Status = 400 };
        problem.Extensions["code"] = "VALIDATION_ERROR";

        var json = JsonDocument.Parse(JsonSerializer.Serialize(problem, JsonSetup.Options)).RootElement;

        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Equal("VALIDATION_ERROR", json.GetProperty("code").GetString());
        Assert.Equal("Title is required", json.GetProperty("errors").GetProperty("title")[0].GetString());
    }

    /// <summary>The named static handlers of every <c>*Api</c> class (the house style).</summary>
    private static IEnumerable<MethodInfo> HandlerMethods() =>
        Api.GetTypes()
            .Where(type => type is { IsAbstract: true, IsSealed: true } && type.Name.EndsWith("Api", StringComparison.Ordinal))
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                || typeof(IResult).IsAssignableFrom(method.ReturnType));

    private static IEnumerable<Type> WireTypesOf(MethodInfo handler)
    {
        var bodies = handler.GetParameters()
            .Where(parameter => parameter.GetCustomAttribute<AsParametersAttribute>() is null)
            .Select(parameter => Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType)
            .Where(type => type.Assembly == Api && type.Name.EndsWith("Request", StringComparison.Ordinal));
        return bodies.Concat(Unwrap(handler.ReturnType));
    }

    /// <summary>The JSON values inside a handler's return type: Task, Results&lt;...&gt;, Ok&lt;T&gt;, Created&lt;T&gt;, ….</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.Namespace == typeof(Ok<>).Namespace))
        {
            return type.GetGenericArguments().SelectMany(Unwrap);
        }
        return type.Namespace == typeof(Ok<>).Namespace || type == typeof(Task) || type == typeof(string) ? [] : [type];
    }

    private static IEnumerable<Type> EventPayloads() =>
        Api.GetTypes().Where(type => type.Namespace?.StartsWith("Sanctum.Api.Features", StringComparison.Ordinal) == true
            && type.Name.EndsWith("Event", StringComparison.Ordinal) && !type.IsAbstract);
}
