using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Identity;

/// <summary>Puts the user's scope (unit, person, lecturer) and display name into the sign-in cookie.</summary>
internal sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", user.DisplayName));
        AddIfSet(identity, CurrentScope.UnitClaim, user.SupervisingUnitId);
        AddIfSet(identity, CurrentScope.PersonClaim, user.PersonId);
        AddIfSet(identity, CurrentScope.LecturerClaim, user.LecturerId);
        AddIfSet(identity, CurrentScope.OrganizationClaim, user.ContactOrganizationId);
        return identity;
    }

    private static void AddIfSet(ClaimsIdentity identity, string type, int? value)
    {
        if (value is { } v)
        {
            identity.AddClaim(new Claim(type, v.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
