using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Errors;

/// <summary>Friendly error pages, and the language switch.</summary>
[AllowAnonymous]
public sealed class ErrorsController : Controller
{
    [Route("/error/{status:int?}")]
    [ApiExplorerSettings(IgnoreApi = true)]
    public IActionResult Error(int? status)
    {
        var code = status ?? StatusCodes.Status500InternalServerError;
        Response.StatusCode = code;
        return View("Error", code);
    }

    [HttpPost("/culture")]
    [ValidateAntiForgeryToken]
    public IActionResult SetCulture([FromForm] string culture, [FromForm] string? returnUrl)
    {
        if (!Hosting.HostSetup.Cultures.Any(c => c.Name == culture))
        {
            culture = Hosting.HostSetup.Cultures[0].Name;
        }

        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture))),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
