namespace Sanctum.Api.Infrastructure.Auth;

public static class NoStoreFilter
{
    /// <summary>
    /// Marks the responses <c>Cache-Control: no-store</c> (and <c>Pragma: no-cache</c> for HTTP/1.0 caches), for routes
    /// that answer with tokens or tickets, which no browser or proxy cache may keep.
    /// </summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            return await next(context);
        });
}
