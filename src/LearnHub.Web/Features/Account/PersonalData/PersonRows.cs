using System.Linq.Expressions;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LearnHub.Web.Features.Account.PersonalData;

/// <summary>
/// The tables that hold a person's rows, found through the data model: every entity with a PersonId column (and the
/// person's own row). The copy (<see cref="PersonalDataExport"/>) and the erasure (<see cref="PersonalDataErasure"/>)
/// both walk them, so a table added later is in both without anyone remembering to add it.
/// </summary>
internal static class PersonRows
{
    /// <summary>Each entity type keyed to a person, with the property that holds the person's id.</summary>
    public static IEnumerable<(IEntityType Type, IProperty Key)> Tables(IModel model) =>
        model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType).OrderBy(t => t.ClrType.Name, StringComparer.Ordinal)
            .Select(t => (Type: t, Key: t.ClrType == typeof(Person) ? t.FindProperty("Id") : t.FindProperty("PersonId")))
            .Where(x => x.Key?.PropertyInfo is not null)
            .Select(x => (x.Type, x.Key!));

    /// <summary>e => EF.Property&lt;int or int?&gt;(e, key) == personId, typed as the column is.</summary>
    public static Expression<Func<T, bool>> Of<T>(IProperty key, int personId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entity = Expression.Parameter(typeof(T), "e");
        var column = Expression.Call(typeof(EF), nameof(EF.Property), [key.ClrType], entity, Expression.Constant(key.Name));
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(column, Expression.Constant(personId, key.ClrType)), entity);
    }
}
