using System.Net;
using LearnHub.Web.Tests.Support;

namespace LearnHub.Web.Tests;

public sealed class SignInTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Trainee_signs_in_and_sees_their_own_plan()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var html = await client.GetStringAsync("/my/learning");
        Assert.Contains("data-testid=\"my-profile\"", html, StringComparison.Ordinal);
        Assert.Contains("党组织书记", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message_in_Chinese()
    {
        var client = factory.CreateBrowser();
        var response = await client.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(client, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = "trainee@learnhub.example", ["Password"] = "wrong-password-1" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("手机号（或邮箱）或密码不正确", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_without_antiforgery_token_is_rejected()
    {
        var client = factory.CreateBrowser();
        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = "trainee@learnhub.example", ["Password"] = LearnHubFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_sign_in_for_my_learning()
    {
        var response = await factory.CreateBrowser().GetAsync("/my/learning");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
