using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LearnHub.Web.Identity;

/// <summary>The people (and their positions) of one organization, as something a user may or may not change.</summary>
public sealed record OrganizationPeople(int OrganizationId);

/// <summary>
/// Whether a user may add and edit an organization's people: an administrator any organization's, the
/// organization's contact person (联络员) their own organization's only; supervisors read. The people pages ask
/// <see cref="IAuthorizationService"/> with this requirement for the person's organization before and after an
/// edit, so a contact person can neither reach nor move anyone outside their organization.
/// </summary>
public sealed class PeopleEditorRequirement : IAuthorizationRequirement
{
    public static readonly PeopleEditorRequirement Instance = new();

    private PeopleEditorRequirement()
    {
    }
}

internal sealed class PeopleEditorHandler : AuthorizationHandler<PeopleEditorRequirement, OrganizationPeople>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PeopleEditorRequirement requirement, OrganizationPeople resource)
    {
        if (context.User.IsInRole(Roles.Admin) || CurrentScope.ContactOrganizationOf(context.User) == resource.OrganizationId)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class PeopleEditorExtensions
{
    public static async Task<bool> MayEditPeopleOfAsync(this IAuthorizationService authorization, ClaimsPrincipal user, int organizationId)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return (await authorization.AuthorizeAsync(user, new OrganizationPeople(organizationId), PeopleEditorRequirement.Instance)).Succeeded;
    }
}
