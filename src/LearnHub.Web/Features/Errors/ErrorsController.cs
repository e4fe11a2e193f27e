using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Errors;

/// <summary>Friendly error pages, and the language switch.</summary>
[AllowAnonymous]
public sealed class ErrorsController : Controller
{
    /// <summary>
    /// The page for a failure: re-executed by the exception handler (with the failed request's method, so it takes no
    /// antiforgery token — a failed POST must not become an antiforgery 400) or by the status-code pages. Only error
    /// statuses are written; any other number asked for is a page that does not exist. A failed API or media request
    /// gets a problem document, not a page.
    /// </summary>
    [Route("/error/{status:int?}")]
    [IgnoreAntiforgeryToken]
    [ApiExplorerSettings(IgnoreApi = true)]
    public IActionResult Error(int? status)
    {
        var code = status switch
        {
            null => StatusCodes.Status500InternalServerError,
            >= 400 and <= 599 => status.Value,
            _ => StatusCodes.Status404NotFound,
        };
        var failed = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (failed is not null && (failed.StartsWith("/api/", StringComparison.Ordinal) || failed.StartsWith("/media/", StringComparison.Ordinal)))
        {
            return Problem(statusCode: code);
        }

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
