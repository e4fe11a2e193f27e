using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

// The comparison sides and the load driver for scripts/bench-media.sh:
//   discard <url>                      Kestrel endpoint that reads a request body and throws it away
//   static <url> <folder>              Kestrel static-file serving of a folder (HLS content types)
//   fetch <clients> <seconds> <urls>   clients fetching URLs (one per line) round robin; prints throughput and TTFB
var mode = args.Length > 0 ? args[0] : "";
return mode switch
{
    "discard" => await DiscardAsync(args[1]),
    "static" => await StaticAsync(args[1], args[2]),
    "fetch" => await FetchAsync(int.Parse(args[1], CultureInfo.InvariantCulture), double.Parse(args[2], CultureInfo.InvariantCulture), args[3]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: discard <url> | static <url> <folder> | fetch <clients> <seconds> <url-list-file>");
    return 2;
}

static async Task<int> DiscardAsync(string url)
{
    var app = Quiet(url);
    app.MapMethods("/discard", ["PATCH", "POST"], async (HttpContext http) =>
    {
        http.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
        var buffer = new byte[81920];
        while (await http.Request.Body.ReadAsync(buffer) > 0)
        {
        }

        return Results.NoContent();
    });
    await app.RunAsync();
    return 0;
}

static async Task<int> StaticAsync(string url, string folder)
{
    var app = Quiet(url);
    var types = new FileExtensionContentTypeProvider();
    types.Mappings[".m3u8"] = "application/vnd.apple.mpegurl";
    types.Mappings[".ts"] = "video/mp2t";
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.GetFullPath(folder)), ContentTypeProvider = types });
    await app.RunAsync();
    return 0;
}

static WebApplication Quiet(string url)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls(url);
    return builder.Build();
}

static async Task<int> FetchAsync(int clients, double seconds, string urlFile)
{
    var urls = (await File.ReadAllLinesAsync(urlFile)).Where(l => l.Length > 0).ToArray();
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
    var ttfb = new ConcurrentBag<double>();
    long bytes = 0, failures = 0;
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (client, token) =>
    {
        var local = new byte[81920];
        for (var i = client; stop.Elapsed < until; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(urls[i % urls.Length], HttpCompletionOption.ResponseHeadersRead, token);
                ttfb.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                await using var body = await response.Content.ReadAsStreamAsync(token);
                int read;
                while ((read = await body.ReadAsync(local, token)) > 0)
                {
                    Interlocked.Add(ref bytes, read);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
        }
    });
    var elapsed = stop.Elapsed.TotalSeconds;
    var sorted = ttfb.Order().ToArray();
    double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    // One line the script parses: requests/s MB/s ttfb-p50-ms ttfb-p99-ms failures
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{sorted.Length / elapsed:F1} {bytes / elapsed / 1e6:F1} {Percentile(0.5):F1} {Percentile(0.99):F1} {failures}"));
    return 0;
}
