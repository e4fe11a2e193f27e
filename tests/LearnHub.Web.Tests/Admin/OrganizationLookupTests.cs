using System.Net;
using System.Text.Json;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

public sealed class OrganizationLookupTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private static async Task<List<string>> LabelsAsync(HttpClient client, string q)
    {
        var response = await client.GetAsync("/admin/organizations/lookup?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("label").GetString()!).ToList();
    }

    [Fact]
    public async Task Matches_by_name_or_credit_code_with_the_code_in_the_label()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var byName = Assert.Single(await LabelsAsync(client, "人工智能"));
        Assert.StartsWith("省人工智能学会（", byName, StringComparison.Ordinal);
        var code = byName[(byName.IndexOf('（', StringComparison.Ordinal) + 1)..^1];
        Assert.Equal(byName, Assert.Single(await LabelsAsync(client, code.ToLowerInvariant())));
        Assert.Empty(await LabelsAsync(client, "   "));
    }

    [Fact]
    public async Task A_supervisor_finds_only_their_own_units_organizations()
    {
        var (own, other) = await AdminTestData.QueryAsync(factory, async db => (
            await db.Organizations.Where(o => o.SupervisingUnit!.Code == "sci").Select(o => o.Name).FirstAsync(),
            await db.Organizations.Where(o => o.SupervisingUnit!.Code != "sci").Select(o => o.Name).FirstAsync()));
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        Assert.Contains(await LabelsAsync(client, own), l => l.StartsWith(own, StringComparison.Ordinal));
        Assert.DoesNotContain(await LabelsAsync(client, other), l => l.StartsWith(other, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trainees_cannot_search_organizations()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var response = await client.GetAsync("/admin/organizations/lookup?q=学会");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }
}
