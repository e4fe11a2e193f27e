using System.Diagnostics;
using System.Text;
using Npgsql;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// pg_dump and pg_restore, pointed at the database of <c>ConnectionStrings:LearnHub</c> through libpq's PG*
/// environment variables, so the password never shows on a command line (ps, /proc).
/// </summary>
internal sealed class PostgresTools(BackupSettings settings)
{
    private readonly NpgsqlConnectionStringBuilder _connection = new(settings.ConnectionString);

    public string Database => _connection.Database ?? throw new BackupException("ConnectionStrings:LearnHub names no Database.");

    /// <summary>pg_dump's custom format (compressed, restored table by table by pg_restore) into <paramref name="file"/>.</summary>
    public Task DumpAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_dump", ["--format=custom", "--no-password", "--file", file, "--dbname", Database], cancellationToken);

    /// <summary>
    /// Restores <paramref name="file"/> in one transaction: it all arrives or, on the first error, nothing does. The
    /// objects belong to the configured account whoever owned them where the dump was made.
    /// </summary>
    public Task RestoreAsync(string file, bool clean, CancellationToken cancellationToken)
    {
        List<string> arguments = ["--no-password", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", Database];
        if (clean)
        {
            arguments.AddRange(["--clean", "--if-exists"]);
        }

        arguments.Add(file);
        return RunAsync("pg_restore", arguments, cancellationToken);
    }

    /// <summary>The number of tables, views and sequences outside PostgreSQL's own schemas; null when the database does not exist.</summary>
    public async Task<long?> CountObjectsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(WithoutPooling(_connection.ConnectionString));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
                """, connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return null;
        }
    }

    /// <summary>How many sessions other than this one are connected to the database (a LearnHub node still running).</summary>
    public async Task<long> OtherSessionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(WithoutPooling(_connection.ConnectionString));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Creates the database (owned by the configured account) through the server's maintenance database.</summary>
    public async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(WithoutPooling(_connection.ConnectionString)) { Database = "postgres" };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {Quote(Database)}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new BackupException($"The database {Database} does not exist and could not be created ({e.Message}). " +
                $"Create it empty, owned by LearnHub's account (createdb -O {_connection.Username ?? "ACCOUNT"} {Database}), and run the restore again.", e);
        }
    }

    /// <summary>Drops the database this restore created, after a failure. Best effort.</summary>
    public async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var maintenance = new NpgsqlConnectionStringBuilder(WithoutPooling(_connection.ConnectionString)) { Database = "postgres" };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(Database)} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Could not drop the database {Database} this restore created ({e.Message}). Drop it by hand.");
        }
    }

    /// <summary>The last migration in each history table.</summary>
    public async Task<Dictionary<string, string>> MigrationsAsync(IEnumerable<string> historyTables, CancellationToken cancellationToken)
    {
        var migrations = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(WithoutPooling(_connection.ConnectionString));
        await connection.OpenAsync(cancellationToken);
        foreach (var table in historyTables)
        {
            await using var command = new NpgsqlCommand($"SELECT max(\"MigrationId\") FROM {Quote(table)}", connection);
            try
            {
                if (await command.ExecuteScalarAsync(cancellationToken) is string id)
                {
                    migrations[table] = id;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Checked by the caller: a table missing here is a database LearnHub never migrated.
            }
        }

        return migrations;
    }

    private static string WithoutPooling(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Locate(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lock (errors)
                {
                    errors.AppendLine(line);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupException($"{tool} could not be started ({e.Message}).", e);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            string text;
            lock (errors)
            {
                text = errors.ToString().TrimEnd();
            }

            throw new BackupException($"{tool} failed (exit code {process.ExitCode}){(text.Length > 0 ? ":" + System.Environment.NewLine + text : ".")}");
        }
    }

    /// <summary>The tool in Backup:PostgresToolsFolder, else the first on PATH.</summary>
    private string Locate(string tool)
    {
        IEnumerable<string> folders = settings.PostgresToolsFolder.Length > 0
            ? [settings.PostgresToolsFolder]
            : (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new BackupException(settings.PostgresToolsFolder.Length > 0
            ? $"{tool} is not in Backup:PostgresToolsFolder ({settings.PostgresToolsFolder})."
            : $"{tool} is not on PATH: install the PostgreSQL client tools of the server's major version or newer (Debian: postgresql-client), or set Backup:PostgresToolsFolder.");
    }

    /// <summary>libpq's variables for what the connection string says; the tools read nothing else of it.</summary>
    private IEnumerable<(string Name, string Value)> Environment()
    {
        var c = _connection;
        if (!string.IsNullOrEmpty(c.Host))
        {
            yield return ("PGHOST", c.Host);
        }

        yield return ("PGPORT", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(c.Username))
        {
            yield return ("PGUSER", c.Username);
        }

        if (!string.IsNullOrEmpty(c.Password))
        {
            yield return ("PGPASSWORD", c.Password);
        }

        if (!string.IsNullOrEmpty(c.Passfile))
        {
            yield return ("PGPASSFILE", c.Passfile);
        }

        yield return ("PGSSLMODE", c.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        if (!string.IsNullOrEmpty(c.RootCertificate))
        {
            yield return ("PGSSLROOTCERT", c.RootCertificate);
        }

        if (!string.IsNullOrEmpty(c.SslCertificate))
        {
            yield return ("PGSSLCERT", c.SslCertificate);
        }

        if (!string.IsNullOrEmpty(c.SslKey))
        {
            yield return ("PGSSLKEY", c.SslKey);
        }

        if (c.Timeout > 0)
        {
            yield return ("PGCONNECT_TIMEOUT", c.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        yield return ("PGAPPNAME", "learnhub-backup");
    }
}
