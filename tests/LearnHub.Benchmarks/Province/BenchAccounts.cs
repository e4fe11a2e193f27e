using System.Data;
using System.Data.Common;
using System.Globalization;
using LearnHub.DataAccess;

namespace LearnHub.Benchmarks.Province;

/// <summary>
/// The accounts behind the drivers' minted sign-in cookies. LearnHub checks every cookie's security stamp against
/// the account's (a signed-out or disabled account's cookies stop at once), so a cookie needs an account row with
/// that stamp: the drivers add one per simulated user, after the server has created its identity tables, rather
/// than signing 100,000 people in through PBKDF2.
/// </summary>
internal static class BenchAccounts
{
    /// <summary>The stamp every bench account carries and every minted cookie claims.</summary>
    public const string Stamp = "learnhub-bench";

    public static string LearnerId(int personId) => $"bench-learner-{personId}";

    public const string SupervisorId = "bench-supervisor";

    /// <summary>Accounts for people 1..count (trainees) and the bench supervisor of unit 1; existing rows are kept.</summary>
    public static async Task EnsureAsync(BenchDatabase database, int count)
    {
        await using var connection = database.Connection();
        await connection.OpenAsync();
        var existing = Convert.ToInt32(await Scalar(connection, "SELECT COUNT(*) FROM \"AspNetUsers\" WHERE \"Id\" LIKE 'bench-%'"), CultureInfo.InvariantCulture);
        if (existing >= count + 1)
        {
            await FollowPeopleAsync(connection);
            return;
        }

        var ignore = database.Provider == DatabaseProvider.Sqlite ? "INSERT OR IGNORE INTO" : "INSERT INTO";
        var conflict = database.Provider == DatabaseProvider.Sqlite ? "" : " ON CONFLICT DO NOTHING";
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            {ignore} "AspNetUsers" ("Id", "DisplayName", "PersonId", "SupervisingUnitId", "UserName", "NormalizedUserName", "EmailConfirmed",
                "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount",
                "DisabledReason", "NotifyBy")
            VALUES (@id, @name, @person, @unit, @user, @normalized, TRUE, @stamp, @stamp, FALSE, FALSE, FALSE, 0, 0, 0){conflict}
            """;
        var id = Parameter(command, "@id", DbType.String);
        var name = Parameter(command, "@name", DbType.String);
        var person = Parameter(command, "@person", DbType.Int32);
        var unit = Parameter(command, "@unit", DbType.Int32);
        var user = Parameter(command, "@user", DbType.String);
        var normalized = Parameter(command, "@normalized", DbType.String);
        Parameter(command, "@stamp").Value = Stamp;
        await command.PrepareAsync();
        for (var i = 0; i <= count; i++)
        {
            // Row 0 is the supervisor of the benchmark's unit; rows 1..count the trainees, person id = i.
            var account = i == 0 ? SupervisorId : LearnerId(i);
            id.Value = account;
            name.Value = account;
            person.Value = i == 0 ? DBNull.Value : i;
            unit.Value = i == 0 ? 1 : DBNull.Value;
            user.Value = account + "@bench.example";
            normalized.Value = (account + "@bench.example").ToUpperInvariant();
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        await FollowPeopleAsync(connection);
        Console.WriteLine($"bench accounts: {count:N0} trainees and one supervisor ready");
    }

    /// <summary>
    /// Gives each bench account its person's name and mobile (unless another account signs in with that number) and
    /// the bench stamp back. LearnHub's roster pass makes an account follow its person and restamps it when its
    /// number changes, which would void every minted cookie; an account that already matches is left alone by it.
    /// </summary>
    private static async Task FollowPeopleAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE "AspNetUsers" SET
                "DisplayName" = (SELECT p."Name" FROM "People" p WHERE p."Id" = "AspNetUsers"."PersonId"),
                "PhoneNumber" = CASE WHEN EXISTS (SELECT 1 FROM "AspNetUsers" o JOIN "People" p ON p."Id" = "AspNetUsers"."PersonId"
                                                  WHERE o."PhoneNumber" = p."Mobile" AND o."Id" <> "AspNetUsers"."Id")
                                     THEN "PhoneNumber"
                                     ELSE (SELECT p."Mobile" FROM "People" p WHERE p."Id" = "AspNetUsers"."PersonId") END,
                "SecurityStamp" = '{Stamp}'
            WHERE "Id" LIKE 'bench-learner-%' AND "PersonId" IS NOT NULL
            """;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    // Typed, because PostgreSQL prepares the statement before any value is set and the person or unit may be null.
    private static DbParameter Parameter(DbCommand command, string name, DbType type = DbType.String)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task<object?> Scalar(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
