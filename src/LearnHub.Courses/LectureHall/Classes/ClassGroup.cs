using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>A group (小组) of a class's admitted trainees, with its leader (组长).</summary>
public sealed class ClassGroup
{
    public int Id { get; set; }

    public int ClassId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The group leader, one of its members; null until the head teacher names one.</summary>
    public int? LeaderPersonId { get; set; }

    public List<ClassGroupMember> Members { get; } = [];
}

/// <summary>A trainee in a group: at most one group per class.</summary>
public sealed class ClassGroupMember
{
    public int GroupId { get; set; }

    /// <summary>The class again, so that one person is in at most one of its groups (a unique index).</summary>
    public int ClassId { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }
}

public enum GroupOutcome
{
    Done,
    NotFound,
    NameRequired,
    /// <summary>Another group of the class has the name.</summary>
    NameTaken,
    /// <summary>Only admitted trainees are put in groups, and only members lead them.</summary>
    NotAdmitted,
    NotMember,
}

/// <summary>Splitting a class's admitted trainees into named groups with a leader each.</summary>
public sealed class ClassGroups(CoursesDbContext db)
{
    public async Task<GroupOutcome> CreateAsync(int classId, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > FieldLimits.Name)
        {
            return GroupOutcome.NameRequired;
        }

        if (await db.ClassGroups.AnyAsync(g => g.ClassId == classId && g.Name == name, cancellationToken))
        {
            return GroupOutcome.NameTaken;
        }

        db.ClassGroups.Add(new ClassGroup { ClassId = classId, Name = name });
        await db.SaveChangesAsync(cancellationToken);
        return GroupOutcome.Done;
    }

    public async Task<GroupOutcome> DeleteAsync(int classId, int groupId, CancellationToken cancellationToken = default)
    {
        var group = await db.ClassGroups.SingleOrDefaultAsync(g => g.Id == groupId && g.ClassId == classId, cancellationToken);
        if (group is null)
        {
            return GroupOutcome.NotFound;
        }

        db.ClassGroups.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
        return GroupOutcome.Done;
    }

    /// <summary>
    /// Puts each listed trainee in the group given (or in none for null): the whole split in one save. A trainee
    /// moved out of a group they led leaves it without a leader.
    /// </summary>
    public async Task<GroupOutcome> AssignAsync(int classId, IReadOnlyDictionary<int, int?> groupOfPerson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupOfPerson);
        var groups = await db.ClassGroups.Include(g => g.Members).Where(g => g.ClassId == classId).ToListAsync(cancellationToken);
        if (groupOfPerson.Values.Any(g => g is { } id && groups.All(x => x.Id != id)))
        {
            return GroupOutcome.NotFound;
        }

        var people = groupOfPerson.Keys.ToList();
        var admitted = await db.ClassEnrolments.CountAsync(e => e.ClassId == classId && e.Status == EnrolmentStatus.Admitted && people.Contains(e.PersonId), cancellationToken);
        if (admitted != people.Count)
        {
            return GroupOutcome.NotAdmitted;
        }

        foreach (var (personId, groupId) in groupOfPerson)
        {
            var current = groups.SingleOrDefault(g => g.Members.Any(m => m.PersonId == personId));
            if (current?.Id == groupId)
            {
                continue;
            }

            if (current is not null)
            {
                current.Members.RemoveAll(m => m.PersonId == personId);
                if (current.LeaderPersonId == personId)
                {
                    current.LeaderPersonId = null;
                }
            }

            // The removal is saved first: the unique (class, person) index must not see the person twice.
            await db.SaveChangesAsync(cancellationToken);
            if (groups.SingleOrDefault(g => g.Id == groupId) is { } target)
            {
                target.Members.Add(new ClassGroupMember { ClassId = classId, PersonId = personId });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return GroupOutcome.Done;
    }

    public async Task<GroupOutcome> SetLeaderAsync(int classId, int groupId, int? personId, CancellationToken cancellationToken = default)
    {
        var group = await db.ClassGroups.Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == groupId && g.ClassId == classId, cancellationToken);
        if (group is null)
        {
            return GroupOutcome.NotFound;
        }

        if (personId is { } leader && group.Members.All(m => m.PersonId != leader))
        {
            return GroupOutcome.NotMember;
        }

        group.LeaderPersonId = personId;
        await db.SaveChangesAsync(cancellationToken);
        return GroupOutcome.Done;
    }

    /// <summary>The class's groups by name, with their members.</summary>
    public async Task<IReadOnlyList<ClassGroup>> ListAsync(int classId, CancellationToken cancellationToken = default) =>
        await db.ClassGroups.AsNoTracking().Include(g => g.Members).ThenInclude(m => m.Person).Where(g => g.ClassId == classId)
            .OrderBy(g => g.Name).ThenBy(g => g.Id).ToListAsync(cancellationToken);
}
