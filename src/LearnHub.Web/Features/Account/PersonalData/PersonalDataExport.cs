using System.Reflection;
using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LearnHub.Web.Features.Account.PersonalData;

/// <summary>One kind of record LearnHub holds about a person, and the person's rows of it.</summary>
public sealed record PersonalDataSection(string Kind, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>Everything LearnHub holds about one account and its person, as of <paramref name="GeneratedAt"/>.</summary>
public sealed record PersonalDataRecord(DateTimeOffset GeneratedAt, string Name, IReadOnlyList<PersonalDataSection> Sections);

/// <summary>
/// Gathers what LearnHub holds about the signed-in person (个人信息保护法 第四十五条: a person may consult and copy their
/// personal information). The training records are found through the data model, not a hand-kept list: every table
/// with a PersonId column gives the person's rows, so a table added later is in the copy without anyone remembering
/// to add it. What would let someone act as the person (password hash, stamps, code hashes) is left out.
/// </summary>
public sealed class PersonalDataExport(CoursesDbContext db, AppIdentityDbContext identity, UserManager<AppUser> users, TimeProvider clock)
{
    private static readonly HashSet<string> Withheld = new(StringComparer.Ordinal)
    {
        nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp),
        "CodeHash", "TokenHash", "Hash", "PreviousHash", "Parameters", "Secret",
    };

    private static readonly HashSet<string> AccountFields = new(StringComparer.Ordinal)
    {
        nameof(AppUser.Id), nameof(AppUser.DisplayName), nameof(AppUser.UserName), nameof(AppUser.Email), nameof(AppUser.PhoneNumber),
        nameof(AppUser.PersonId), nameof(AppUser.ActivatedAt), nameof(AppUser.LastSignInAt), nameof(AppUser.DisabledAt),
        nameof(AppUser.DisabledReason), nameof(AppUser.NotifyBy), nameof(AppUser.TwoFactorEnabled), nameof(AppUser.LockoutEnd),
    };

    private static readonly MethodInfo RowsOfMethod = typeof(PersonalDataExport).GetMethod(nameof(RowsOfAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    public async Task<PersonalDataRecord> CollectAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sections = new List<PersonalDataSection>();
        var account = Row(identity.Model.FindEntityType(typeof(AppUser))!, user).Where(p => AccountFields.Contains(p.Key)).ToDictionary();
        account["Roles"] = string.Join(",", await users.GetRolesAsync(user));
        sections.Add(new("Account", [account]));

        if (user.PersonId is { } personId)
        {
            foreach (var (type, key) in PersonRows.Tables(db.Model))
            {
                var rows = await (Task<List<IReadOnlyDictionary<string, object?>>>)RowsOfMethod.MakeGenericMethod(type.ClrType)
                    .Invoke(this, [type, key, personId, cancellationToken])!;
                if (rows.Count > 0)
                {
                    sections.Add(new(type.ClrType.Name, rows));
                }
            }
        }

        await AddAsync(sections, "Notification", db.Notifications.AsNoTracking().Where(n => n.UserId == user.Id).OrderBy(n => n.Id), db.Model, cancellationToken);
        await AddAsync(sections, "AccountAudit", identity.AccountAudits.AsNoTracking().Where(a => a.TargetId == user.Id).OrderBy(a => a.Id), identity.Model, cancellationToken);
        // The audit lines of the person's own acts (sign-ins among them) and of others' acts on their account or records.
        string[] targets = [$"account:{user.Id}", user.PersonId is { } id ? $"person:{id}" : $"account:{user.Id}"];
        await AddAsync(sections, "AuditEntry", identity.AuditLog.AsNoTracking().Where(e => e.ActorId == user.Id || targets.Contains(e.Target)).OrderBy(e => e.Sequence),
            identity.Model, cancellationToken);
        return new PersonalDataRecord(clock.GetUtcNow(), user.DisplayName, sections);
    }

    private static async Task AddAsync<T>(List<PersonalDataSection> sections, string kind, IQueryable<T> rows, IModel model, CancellationToken cancellationToken)
        where T : class
    {
        var type = model.FindEntityType(typeof(T))!;
        var list = (await rows.ToListAsync(cancellationToken)).Select(r => (IReadOnlyDictionary<string, object?>)Row(type, r)).ToList();
        if (list.Count > 0)
        {
            sections.Add(new(kind, list));
        }
    }

    private async Task<List<IReadOnlyDictionary<string, object?>>> RowsOfAsync<T>(IEntityType type, IProperty key, int personId, CancellationToken cancellationToken)
        where T : class
    {
        var rows = await db.Set<T>().AsNoTracking().Where(PersonRows.Of<T>(key, personId)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (IReadOnlyDictionary<string, object?>)Row(type, r))];
    }

    private static Dictionary<string, object?> Row(IEntityType type, object entity)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties())
        {
            if (property.PropertyInfo is { } info && !Withheld.Contains(property.Name))
            {
                var value = info.GetValue(entity);
                row[property.Name] = value is Enum ? value.ToString() : value;
            }
        }

        return row;
    }
}
