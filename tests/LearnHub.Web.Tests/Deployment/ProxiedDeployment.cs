using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LearnHub.Web.Tests.Support;
using Npgsql;

namespace LearnHub.Web.Tests.Deployment;

/// <summary>
/// LearnHub deployed as docs/deploy.md describes, every part a real process: a PostgreSQL database of its own (in the
/// cluster test.sh starts), Debian's redis-server, s3rver as the bucket, two LearnHub nodes (the built server) with data
/// folders of their own sharing the keys, the URL signing key and the check-in secret, and Debian's nginx in front,
/// terminating TLS with a certificate made here and run with deploy/nginx/learnhub.conf as the repository has it.
/// A second nginx server (<see cref="PinnedUrl"/>) reaches node B only, so a test can put a client on a known node
/// and send a request where the balancer would not.
/// </summary>
public sealed class ProxiedDeployment : IAsyncLifetime
{
    public const string NodeAName = "web-a";
    public const string NodeBName = "web-b";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "learnhub-tests", "deploy-" + Guid.NewGuid().ToString("N"));
    private readonly string _database = $"learnhub_deploy_{Guid.NewGuid():N}";
    private readonly StringBuilder _log = new();
    private readonly List<(string Name, Process Process)> _processes = [];
    private readonly LearnHub.Tests.S3Server _s3 = new();
    private bool _s3Started;
    private X509Certificate2? _certificate;

    /// <summary>The only address the tests use: nginx, over HTTPS.</summary>
    public string PublicUrl { get; private set; } = "";

    /// <summary>The test's own nginx server that sends everything to node B.</summary>
    public string PinnedUrl { get; private set; } = "";

    /// <summary>The nodes' Kestrel addresses (host:port), as nginx's access log names them; never requested by the tests.</summary>
    public string NodeA { get; private set; } = "";

    public string NodeB { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    private string NginxFolder => Path.Combine(_root, "nginx");

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("LEARNHUB_TEST_POSTGRES")
            ?? throw new InvalidOperationException("LEARNHUB_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL (or scripts/postgres.sh start DIR PORT).");
        Directory.CreateDirectory(_root);
        try
        {
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
                await create.ExecuteNonQueryAsync();
            }

            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
            var redisPort = FreePort();
            Start("redis", "redis-server", ["--port", $"{redisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], null);
            await _s3.InitializeAsync();
            _s3Started = true;
            var s3 = _s3.ServiceUrl;
            var nginxPort = FreePort();
            PublicUrl = $"https://127.0.0.1:{nginxPort}";
            var pinnedPort = FreePort();
            PinnedUrl = $"https://127.0.0.1:{pinnedPort}";

            // What docs/deploy.md says every node shares, given to both.
            string[] shared =
            [
                "--LearnHub:Demo=true", "--Media:DemoVideos=false",
                "--Database:Provider=Postgres", "--ConnectionStrings:LearnHub=" + ConnectionString,
                "--LiveRoom:Redis=127.0.0.1:" + redisPort.ToString(CultureInfo.InvariantCulture),
                "--Media:Storage=S3", "--Media:S3:ServiceUrl=" + s3, "--Media:S3:Bucket=learnhub-media", "--Media:S3:Prefix=deploy",
                "--Media:S3:AccessKey=" + LearnHub.Tests.S3Server.AccessKey, "--Media:S3:SecretKey=" + LearnHub.Tests.S3Server.SecretKey,
                "--Media:UrlSigningKey=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                "--LearnHub:CheckIn:Secret=" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
                "--LearnHub:PublicUrl=" + PublicUrl,
                "--Logging:LogLevel:Default=Warning",
            ];
            // Node A creates the database, the demo content and the data-protection keys; node B starts with a copy of the keys.
            NodeA = await StartNodeAsync(NodeAName, shared, keysFrom: null);
            NodeB = await StartNodeAsync(NodeBName, shared, keysFrom: Path.Combine(_root, NodeAName, "keys"));
            await StartNginxAsync(nginxPort, pinnedPort);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the public address that trusts nginx's certificate, and only it: the pinned certificate, not the machine's store.</summary>
    public HttpClient Client(CookieContainer cookies) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => IsPinned(certificate) },
        })
        { Timeout = TimeSpan.FromSeconds(60) };

    public bool IsPinned(X509Certificate? certificate) =>
        certificate is not null && _certificate is not null
        && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), _certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>
    /// nginx's access log: one line per request, "upstream method uri status"; the public server's, or with
    /// <paramref name="pinned"/> the server pinned to node B's. nginx writes a request's line just after its response
    /// has gone, so a client may read the response first: the log is read once it has stopped growing.
    /// </summary>
    public async Task<IReadOnlyList<(string Upstream, string Method, string Uri, int Status)>> RequestsAsync(bool pinned = false)
    {
        var log = pinned ? "pinned.log" : "access.log";
        var file = new FileInfo(Path.Combine(NginxFolder, log));
        for (long length = -1; ; await Task.Delay(200))
        {
            file.Refresh();
            var now = file.Exists ? file.Length : 0;
            if (now == length)
            {
                return Requests(log);
            }

            length = now;
        }
    }

    private IReadOnlyList<(string Upstream, string Method, string Uri, int Status)> Requests(string log)
    {
        var path = Path.Combine(NginxFolder, log);
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
            .Select(p => (p[0], p[1], p[2], int.Parse(p[3], CultureInfo.InvariantCulture)))];
    }

    /// <summary>The node names, nginx's error log and the processes' output, for a failure message.</summary>
    public string Log()
    {
        var text = new StringBuilder($"node A = {NodeA}, node B = {NodeB}, nginx = {PublicUrl}, pinned to B = {PinnedUrl}\n");
        foreach (var file in new[] { "error.log", "access.log" })
        {
            var path = Path.Combine(NginxFolder, file);
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var lines = new StreamReader(stream).ReadToEnd().Split('\n');
                text.Append("nginx ").Append(file).AppendLine(":").AppendJoin('\n', lines.TakeLast(60)).AppendLine();
            }
        }

        lock (_log)
        {
            var lines = _log.ToString().Split('\n');
            return text.AppendJoin('\n', lines.TakeLast(200)).ToString();
        }
    }

    public async Task<T> QueryAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> StartNodeAsync(string name, string[] shared, string? keysFrom)
    {
        var dataPath = Path.Combine(_root, name);
        Directory.CreateDirectory(dataPath);
        if (keysFrom is not null)
        {
            // "the same files copied to each node" (docs/deploy.md): a cookie issued by one node is read by the other.
            var keys = Directory.CreateDirectory(Path.Combine(dataPath, "keys"));
            foreach (var file in Directory.GetFiles(keysFrom))
            {
                File.Copy(file, Path.Combine(keys.FullName, Path.GetFileName(file)));
            }
        }

        var address = $"127.0.0.1:{FreePort()}";
        var webProject = LearnHubFactory.RepositoryPath(Path.Combine("src", "LearnHub.Web"));
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "LearnHub.Web.dll");
        Start(name, "dotnet", [dll, "--urls", "http://" + address, "--LearnHub:DataPath", dataPath, "--LiveRoom:Node", name, "--Media:NodeId", name, .. shared],
            webProject);
        await WaitAsync($"{name} to answer /health", TimeSpan.FromSeconds(300), async () =>
        {
            using var http = new HttpClient();
            try
            {
                return (await http.GetAsync($"http://{address}/health")).StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        return address;
    }

    private async Task StartNginxAsync(int port, int pinnedPort)
    {
        Directory.CreateDirectory(NginxFolder);
        _certificate = MakeCertificate();
        var certificate = Path.Combine(NginxFolder, "learnhub.crt");
        var key = Path.Combine(NginxFolder, "learnhub.key");
        await File.WriteAllTextAsync(certificate, _certificate.ExportCertificatePem());
        using (var rsa = _certificate.GetRSAPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        // The repository's configuration as it is, its placeholders filled in.
        var site = (await File.ReadAllTextAsync(LearnHubFactory.RepositoryPath(Path.Combine("deploy", "nginx", "learnhub.conf"))))
            .Replace("@SERVER_NAME@", "127.0.0.1", StringComparison.Ordinal)
            .Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("@CERTIFICATE@", certificate, StringComparison.Ordinal)
            .Replace("@CERTIFICATE_KEY@", key, StringComparison.Ordinal)
            .Replace("@NODE_A@", NodeA, StringComparison.Ordinal)
            .Replace("@NODE_B@", NodeB, StringComparison.Ordinal)
            .Replace("@INGEST_NODE@", NodeA, StringComparison.Ordinal);
        Assert.DoesNotContain("@", site.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Aggregate("", (a, l) => a + l), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(NginxFolder, "learnhub.conf"), site);

        // The main configuration Debian's nginx.conf would be, in the test's folder: in the foreground, its logs and
        // temporary files here, an access log naming the node of each request, and the server pinned to node B (with its own log).
        var folder = NginxFolder;
        var config = $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log info;
            events { worker_connections 1024; }
            http {
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                log_format nodes '$upstream_addr $request_method $request_uri $status';
                access_log {{folder}}/access.log nodes;
                include {{folder}}/learnhub.conf;

                upstream learnhub_pinned { server {{NodeB}}; }
                server {
                    listen 127.0.0.1:{{pinnedPort}} ssl;
                    access_log {{folder}}/pinned.log nodes;
                    ssl_certificate {{certificate}};
                    ssl_certificate_key {{key}};
                    proxy_http_version 1.1;
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $learnhub_connection;
                    proxy_request_buffering off;
                    client_max_body_size 0;
                    location / { proxy_pass http://learnhub_pinned; }
                }
            }
            """;
        var main = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(main, config);
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        var (exit, output) = await RunAsync(nginx, ["-t", "-p", folder, "-c", main, "-e", Path.Combine(folder, "error.log")]);
        Assert.True(exit == 0, "nginx refused its configuration:\n" + output);
        Start("nginx", nginx, ["-p", folder, "-c", main, "-e", Path.Combine(folder, "error.log")], null);
        foreach (var listening in new[] { port, pinnedPort })
        {
            await WaitAsync($"nginx to listen on {listening}", TimeSpan.FromSeconds(20), async () =>
            {
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, listening);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            });
        }
    }

    /// <summary>A self-signed certificate for 127.0.0.1, made for this run: nothing but the tests' clients trusts it.</summary>
    private static X509Certificate2 MakeCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=LearnHub deployment test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }

    // nginx, like Redis, keeps no dates LearnHub reads (ServerProcess).
    private void Start(string name, string file, string[] arguments, string? workingDirectory) =>
        _processes.Add((name, ServerProcess.Start(file, arguments, workingDirectory, realClock: name is "redis" or "nginx", line => Append(name, line))));

    private void Append(string source, string line)
    {
        lock (_log)
        {
            _log.Append(source).Append(": ").AppendLine(line);
        }
    }

    /// <summary>Polls until the condition holds; a process that exits meanwhile or the timeout fails with the logs.</summary>
    public async Task WaitAsync(string what, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_processes.FirstOrDefault(p => p.Process.HasExited) is { Process: not null } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited (code {exited.Process.ExitCode}) while waiting for {what}:\n{Log()}");
            }

            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}:\n{Log()}");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("LD_PRELOAD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, process) in Enumerable.Reverse(_processes))
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            process.Dispose();
        }

        _processes.Clear();
        if (_s3Started)
        {
            await _s3.DisposeAsync();
        }

        _certificate?.Dispose();
        if (ConnectionString.Length > 0 && Environment.GetEnvironmentVariable("LEARNHUB_TEST_POSTGRES") is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await using var connection = new NpgsqlConnection(server);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The cluster is thrown away with the test run.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
