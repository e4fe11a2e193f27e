using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace LearnHub.Tests;

/// <summary>
/// A real S3-compatible server (s3rver, from npm, run with node) on a free loopback port with its own
/// data folder; installed into tests/s3rver on first use when test.sh has not done so already. Shared by the media
/// tests (several nodes on one bucket) and the web tests (backup and restore of the bucket).
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "learnhub-s3-tests", Guid.NewGuid().ToString("N"));
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    public string Bucket { get; } = "learnhub-media";

    private static readonly SemaphoreSlim Install = new(1, 1);

    private static async Task InstallAsync(string folder, string script)
    {
        if (!File.Exists(script))
        {
            var install = new ProcessStartInfo("npm") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "ci", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel=error" })
            {
                install.ArgumentList.Add(arg);
            }

            using var npm = Process.Start(install)!;
            var errors = npm.StandardError.ReadToEndAsync();
            _ = await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            Assert.True(npm.ExitCode == 0, "npm could not install s3rver: " + await errors);
        }
    }

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "s3rver");
        var script = Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js");
        // Two fixtures starting at once must not both run npm ci into the same folder.
        await Install.WaitAsync();
        try
        {
            await InstallAsync(folder, script);
        }
        finally
        {
            Install.Release();
        }

        Directory.CreateDirectory(_data);
        var port = FreePort();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "-d", _data, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        ServiceUrl = $"http://127.0.0.1:{port}";
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Assert.False(_process.HasExited, "s3rver exited at start.");
                await Task.Delay(100);
            }
        }

        Assert.Fail("s3rver did not start listening.");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The settings a node needs to use this server, under a key prefix of its own per test.</summary>
    public Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["Media:Storage"] = "S3",
        ["Media:S3:ServiceUrl"] = ServiceUrl,
        ["Media:S3:Bucket"] = Bucket,
        ["Media:S3:Prefix"] = prefix,
        ["Media:S3:AccessKey"] = AccessKey,
        ["Media:S3:SecretKey"] = SecretKey,
    };

    /// <summary>A plain client, to look into the bucket the way an operator would.</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public async Task<List<string>> KeysAsync(string prefix)
    {
        using var client = Client();
        var response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        return [.. (response.S3Objects ?? []).Select(o => o.Key)];
    }

    public async Task<byte[]> GetAsync(string key)
    {
        using var client = Client();
        using var response = await client.GetObjectAsync(Bucket, key);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory);
        return memory.ToArray();
    }

    public async Task DeleteAsync(string key)
    {
        using var client = Client();
        await client.DeleteObjectAsync(Bucket, key);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LearnHub.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (with LearnHub.sln) was not found.");
    }
}
