using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// A person on the roster, who has never signed in, scans the QR code their contact person printed: the phone opens
/// the activation page with number and code filled in, they choose a password and land on their learning.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class ActivationJourneyTests(ServerFixture server)
{
    [Fact]
    public async Task A_roster_person_activates_from_the_qr_link_on_a_phone_and_lands_on_my_learning()
    {
        // The contact person of 省人工智能学会 issues the code for 陶悦.
        string link;
        await using (var staff = await server.PhoneAsync())
        {
            var page = await staff.NewPageAsync();
            await ServerFixture.SignInAsync(page, "contact@learnhub.example");
            await page.GotoAsync("/admin/accounts?state=NotActivated&q=" + Uri.EscapeDataString("陶悦"));
            await page.Locator("table[data-testid=accounts] tbody a").First.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "重新发放激活码" }).ClickAsync();
            link = (await page.Locator("[data-testid=activation-link]").InnerTextAsync()).Trim();
        }

        Assert.Contains("/account/activate#m=15044205673&c=", link, StringComparison.Ordinal);

        await using var phone = await server.PhoneAsync();
        var person = await phone.NewPageAsync();
        await person.GotoAsync(link);
        // The link's number and code are in the form, and gone from the address bar.
        await Assertions.Expect(person.Locator("#Login")).ToHaveValueAsync("15044205673");
        await Assertions.Expect(person.Locator("#Code")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[A-Z0-9]{4}-[A-Z0-9]{4}$"));
        Assert.DoesNotContain("#", person.Url, StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(person, "activation-from-qr-zh-phone");

        // A password with the mobile number in it is refused and the code still works after it.
        await person.FillAsync("#Password", "Tao15044205673");
        await person.FillAsync("#ConfirmPassword", "Tao15044205673");
        await person.ClickAsync("form[data-code-link] button[type=submit]");
        await Assertions.Expect(person.Locator("form[data-code-link]")).ToContainTextAsync("密码不能包含您的手机号");

        await person.FillAsync("#Password", "Xuexi-2027a");
        await person.FillAsync("#ConfirmPassword", "Xuexi-2027a");
        await person.ClickAsync("form[data-code-link] button[type=submit]");
        // Only the address is awaited: /my/learning's load event waits for every course poster, and the locators below poll the page.
        await person.WaitForURLAsync(url => url.EndsWith("/my/learning", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(person.GetByRole(AriaRole.Heading, new() { Name = "我的学习" })).ToBeVisibleAsync();
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("陶悦");
        await ServerFixture.ScreenshotAsync(person, "activated-my-learning-zh-phone");

        // From now on the mobile number signs them in.
        await using var later = await server.PhoneAsync();
        var again = await later.NewPageAsync();
        await again.GotoAsync("/account/sign-in");
        await again.FillAsync("#Login", "150 4420 5673");
        await again.FillAsync("#Password", "Xuexi-2027a");
        await again.ClickAsync("form[action='/account/sign-in'] button[type=submit]");
        await again.WaitForURLAsync(url => url.EndsWith("/my/learning", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
    }
}
