using System.Globalization;
using LearnHub.DataAccess;
using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Media.Streaming;
using LearnHub.Web.Api;
using LearnHub.Web.Features.Compliance.Turnover;
using LearnHub.Web.Features.Compliance.Assignments;
using LearnHub.Web.Features.LectureHall;
using LearnHub.Web.Features.Catalogue.Media;
using LearnHub.Web.Features.Learning.Watching;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Identity.OpenIdConnect;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

namespace LearnHub.Web.Hosting;

/// <summary>The host's own services and pipeline: MVC, localization, Identity, security, health.</summary>
internal static class HostSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public const string MediaUploadPolicy = "MediaUpload";

    /// <summary>Bearer when the request carries a bearer token, else the sign-in cookie: one scheme, so a refusal is one clear 401 or 403.</summary>
    public const string CookieOrBearerScheme = "CookieOrBearer";

    /// <summary>
    /// The data folder, absolute: <c>LearnHub:DataPath</c>, else <c>LEARNHUB_DATA</c> (configuration wins: tests set it
    /// directly), else <c>./data</c>. The backup and restore commands read it here too, before any host exists.
    /// </summary>
    public static string DataPath(IConfiguration configuration) => Path.GetFullPath(configuration["LearnHub:DataPath"]
        ?? Environment.GetEnvironmentVariable("LEARNHUB_DATA") ?? "data");

    public static WebApplicationBuilder AddLearnHubHost(this WebApplicationBuilder builder)
    {
        var dataPath = DataPath(builder.Configuration);
        builder.Configuration["LearnHub:DataPath"] = dataPath;
        Directory.CreateDirectory(dataPath);
        // Every key (tokens, cookies, codes, media URLs) lives here: owner-only, and so are the keys an older
        // version or a restore left readable to others.
        PrivateFiles.Restrict(PrivateFiles.CreateFolder(Path.Combine(dataPath, "keys")).FullName);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentScope>();
        services.AddOptions<LearnHub.Web.Features.Compliance.Hours.PdfOptions>()
            .BindConfiguration(LearnHub.Web.Features.Compliance.Hours.PdfOptions.Section).ValidateOnStart();
        services.AddScoped<LearnHub.Web.Features.Compliance.Hours.TranscriptPdf>();
        services.AddScoped<LearnHub.Web.Features.Account.PersonalData.PersonalDataExport>();
        services.AddScoped<LearnHub.Web.Features.Account.PersonalData.PersonalDataErasure>();
        services.AddScoped<LearnHub.Web.Features.Account.PersonalData.PersonalDataPdf>();

        // Razor would otherwise escape every Chinese character as &#x....; pages become three times larger.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Chinese unless the user picked English: browsers' Accept-Language is not consulted.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.Conventions.Add(new FeatureFolders());
            })
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<MvcOptions>, ValidationMessages>();

        services.Configure<RazorViewEngineOptions>(options =>
        {
            // Feature folders (FeatureFolders): a controller's views live beside it; then the shared partials of its
            // area and of the whole site.
            options.ViewLocationExpanders.Add(new FeatureFolders());
            options.ViewLocationFormats.Insert(0, "/Features/Shared/{0}.cshtml");
            options.AreaViewLocationFormats.Insert(0, "/Features/{2}/Shared/{0}.cshtml");
            options.AreaViewLocationFormats.Insert(1, "/Features/Shared/{0}.cshtml");
        });
        services.AddAuthorization(options =>
        {
            // Secure by default: every endpoint needs a signed-in user unless it says [AllowAnonymous].
            options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            // Uploading and managing media: lecturers and admins, from the browser (cookie) or from any
            // tus client holding a LearnHub bearer token with the api scope.
            options.AddPolicy(MediaUploadPolicy, policy => policy
                .AddAuthenticationSchemes(CookieOrBearerScheme)
                .RequireRole(Roles.Admin, Roles.Lecturer)
                .RequireAssertion(context => context.User.Identities.Any(i => i.AuthenticationType == IdentityConstants.ApplicationScheme)
                    || OpenIddict.Abstractions.OpenIddictExtensions.HasScope(context.User, OpenIdConnectSetup.ApiScope)));
        });

        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, SessionStaffHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PeopleEditorHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ClassStaffHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ClassPlannerHandler>();
        services.AddAuthentication().AddPolicyScheme(CookieOrBearerScheme, CookieOrBearerScheme, options =>
            options.ForwardDefaultSelector = context => HasBearerToken(context.Request)
                ? OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                : IdentityConstants.ApplicationScheme);

        services.AddDataProtection().SetApplicationName("LearnHub")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));

        services.AddProviderContexts<AppIdentityDbContext, SqliteIdentityDbContext, PostgresIdentityDbContext>(AppIdentityDbContext.HistoryTable,
            (sp, o) => o.AddInterceptors(sp.GetRequiredService<Audit.AccountAuditMirror>()));
        Audit.AuditSetup.AddAuditLog(services);
        Retention.RetentionSetup.AddRetention(services);

        services.AddAccounts(dataPath);
        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                // Most people have no e-mail address LearnHub knows: accounts are found by mobile number, and an
                // address, where one is given, is kept unique by the account pages themselves.
                options.User.RequireUniqueEmail = false;
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AppIdentityDbContext>()
            .AddUserManager<AppUserManager>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddPasswordValidator<PasswordRules>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "learnhub.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.Events.OnValidatePrincipal = SecurityStampCheck.ValidateAsync;
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "learnhub.csrf";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddHealthChecks()
            .AddDbContextCheck<CoursesDbContext>("database")
            .AddCheck<DataFolderHealthCheck>("data-folder");
        builder.AddPublicAddress();
        builder.AddOpenIdConnectServer();
        builder.AddLectureHallOperations();
        services.AddAssignments();
        services.AddYearTurnover();
        services.AddMediaFeature(builder.Configuration);
        services.AddPlayback();
        // The API speaks enum names ("Online"), not numbers that shift when an enum gains a member.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
        });
        // Loopback is trusted as ASP.NET Core does by default; a balancer on another host is named in LearnHub:KnownProxies
        // (docs/operations.md, "Behind nginx on two nodes"), so that no other client can claim an address or https. Read
        // when the pipeline is built (a mistyped address stops the start), from the configuration as the host finally has it.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("LearnHub:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException(
                        $"LearnHub:KnownProxies: \"{proxy}\" is not an IP address. Name each balancer by its address (10.0.0.5 or fd00::5), not by a host name or a range."));
            }
        });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        // Machines, players and hub connections get status codes, not a redirect to the sign-in page.
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            || context.Request.Path.StartsWithSegments("/media", StringComparison.Ordinal)
            || context.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static WebApplication UseLearnHub(this WebApplication app)
    {
        PublicAddressSetup.WarnIfUnset(app);
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Machines get bare status codes: re-executing an API's 403 or 409 as a POST to the error page
        // would turn it into the page's antiforgery 400.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
                && !context.Request.Path.StartsWithSegments("/media", StringComparison.Ordinal),
            branch => branch.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = ScriptCaching.Prepare });
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseSameOriginHubs();
        app.UseRateLimiter();
        // Two hot paths skip the authentication middleware: the player's reports (thousands a second
        // across a province), whose policy authenticates the cookie or bearer token itself, and signed
        // media URLs (every video segment), which are their own credential. What the middleware adds
        // there — offering each request to OpenIddict's server endpoints first, decrypting a cookie
        // nobody reads — was a tenth of a heartbeat's cost.
        // A bearer token still goes through it: OpenIddict's validation reads the context its middleware step sets
        // up, and without it every tokened report failed.
        app.UseWhen(context => !(context.Request.Path.StartsWithSegments(PlaybackEndpoints.Prefix, StringComparison.Ordinal) && !HasBearerToken(context.Request))
                && !StreamingEndpoints.IsSigned(context.Request.Path),
            branch => branch.UseAuthentication());
        // WebApplication puts its own UseAuthentication() at the head of the pipeline unless the app called
        // it on itself, and a call in a UseWhen branch does not count (the branch has its own properties).
        // Without this flag every request was authenticated there first: the two hot paths above, and every
        // page twice. The key is ASP.NET Core's; AuthenticationPipelineTests fail if it ever changes.
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapApiV1();
        app.MapPlaybackEndpoints();
        app.MapReadingEndpoints();
        app.MapMediaEndpoints().RequireAuthorization(MediaUploadPolicy).AddEndpointFilter(Features.Catalogue.Media.MediaWebSetup.LocalizeUploadRefusalAsync);
        app.MapMediaFeature();
        app.MapControllerRoute("areas", "{area:exists}/{controller=Home}/{action=Index}/{id?}");
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        // Unknown paths are a 404 for everyone (the fallback policy would otherwise send visitors to sign in).
        app.MapFallback(() => Results.NotFound()).AllowAnonymous();
        return app;
    }
}
