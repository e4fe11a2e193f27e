using System.Net;
using System.Net.Http.Headers;
using LearnHub.Media.Decks;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace LearnHub.Web.Tests.Live;

/// <summary>A session's PDF slides: rendered by the real pdftoppm, shown in the room, served to its audience only.</summary>
[Trait("Category", "MediaTools")]
public sealed class LiveSlideDeckTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";
    private const string Markdown = "# 第一页\n---\n# 第二页";

    private static readonly SKColor[] PageColors = [SKColors.Red, SKColors.Green, SKColors.Blue];

    [Fact]
    public async Task An_uploaded_pdf_becomes_the_rooms_slides_and_only_the_rooms_audience_can_fetch_its_pages()
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "PDF 课件测试", Markdown);
        await using var early = await ConnectAsync(Trainee, sessionId);
        Assert.Equal(2, early.State.Slide.Count);
        Assert.Null(early.State.Slide.Image);
        var changed = LiveTestSupport.Expect<LiveSlideDto>(early.Connection, "Slide");

        var lecturer = await factory.SignInAsync(Lecturer);
        var upload = await UploadAsync(lecturer, sessionId, Pdf(3), "第一讲.pdf");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        await WaitUntilReadyAsync(lecturer, sessionId);

        // Someone already in the room is moved onto the deck as soon as it is ready.
        var shown = await changed;
        Assert.Equal(3, shown.Count);
        Assert.Equal(0, shown.Index);
        Assert.NotNull(shown.Image);
        Assert.NotNull(shown.Next);

        await using var staff = await ConnectAsync(Lecturer, sessionId);
        var moved = LiveTestSupport.Expect<LiveSlideDto>(early.Connection, "Slide");
        await staff.Connection.InvokeAsync("SetSlide", 2);
        Assert.Equal(2, (await moved).Index);

        // A late joiner lands on the current page.
        await using var late = await ConnectAsync("trainee2@learnhub.example", sessionId);
        Assert.Equal(3, late.State.Slide.Count);
        Assert.Equal(2, late.State.Slide.Index);
        Assert.Null(late.State.Slide.Next);
        var pages = new[] { shown.Image!, shown.Next!, late.State.Slide.Image! };
        Assert.Equal(3, pages.Distinct().Count());

        var trainee = await factory.SignInAsync(Trainee);
        for (var i = 0; i < pages.Length; i++)
        {
            using var response = await trainee.GetAsync(pages[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
            using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            // A landscape page is rendered 1280 pixels wide; its middle has the page's own colour.
            Assert.Equal(1280, bitmap.Width);
            var middle = bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2);
            Assert.True(Near(middle, PageColors[i]), $"page {i + 1} is {middle}, expected {PageColors[i]}");
        }

        // People the room does not let in: a lecturer of other sessions and a supervisor (no trainee record), and nobody signed in.
        foreach (var outsider in new[] { "lecturer@learnhub.example", "supervisor@learnhub.example" })
        {
            using var refused = await (await factory.SignInAsync(outsider)).GetAsync(pages[0]);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Not signed in: sent to sign in, as for every page.
        using var anonymous = await factory.CreateBrowser().GetAsync(pages[0]);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/sign-in", anonymous.Headers.Location?.AbsolutePath);

        // The deck's pages are not reachable through another session's address.
        var other = await LiveTestSupport.NewSessionAsync(factory, "另一期");
        using var elsewhere = await trainee.GetAsync(pages[0].Replace($"/live/{sessionId}/", $"/live/{other}/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_file_that_is_not_a_readable_pdf_is_refused_with_a_message_and_the_deck_can_be_replaced_and_removed()
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "PDF 课件替换", Markdown);
        var lecturer = await factory.SignInAsync(Lecturer);
        await UploadAsync(lecturer, sessionId, Pdf(3), "deck.pdf");
        var first = await WaitUntilReadyAsync(lecturer, sessionId);

        // A picture named .pdf, and a file that starts like a PDF but is not one: refused, in Chinese, nothing changes.
        using var bitmap = new SKBitmap(8, 8);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        await UploadAsync(lecturer, sessionId, png.ToArray(), "slides.pdf");
        var console = WebUtility.HtmlDecode(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
        Assert.Contains("这不是 PDF 文件", console, StringComparison.Ordinal);
        await UploadAsync(lecturer, sessionId, "%PDF-1.4\nnot really a pdf"u8.ToArray(), "broken.pdf");
        console = WebUtility.HtmlDecode(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
        Assert.Contains("无法读取这个 PDF", console, StringComparison.Ordinal);
        Assert.Equal(first.Id, (await CurrentAsync(sessionId))?.Id);

        // A trainee cannot upload.
        var trainee = await factory.SignInAsync(Trainee);
        using var content = Form(Pdf(1), "mine.pdf", LearnHubFactory.AntiforgeryToken(await trainee.GetStringAsync($"/live/{sessionId}")));
        var refused = await trainee.PostAsync($"/live/{sessionId}/slides", content);
        Assert.Equal("/account/denied", refused.Headers.Location?.AbsolutePath);
        Assert.Equal(first.Id, (await CurrentAsync(sessionId))?.Id);

        // Replaced by a two-page deck: the room counts two image slides, the old pages are gone.
        await using var watcher = await ConnectAsync(Trainee, sessionId);
        Assert.Equal(3, watcher.State.Slide.Count);
        var oldPage = watcher.State.Slide.Image!;
        var replaced = LiveTestSupport.Expect<LiveSlideDto>(watcher.Connection, "Slide");
        await UploadAsync(lecturer, sessionId, Pdf(2), "deck-v2.pdf");
        var second = await WaitUntilReadyAsync(lecturer, sessionId);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, (await replaced).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync(oldPage)).StatusCode);

        // Removed: back to the Markdown slides.
        var removed = LiveTestSupport.Expect<LiveSlideDto>(watcher.Connection, "Slide");
        var token = LearnHubFactory.AntiforgeryToken(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
        using var remove = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, (await lecturer.PostAsync($"/live/{sessionId}/slides/delete", remove)).StatusCode);
        var markdown = await removed;
        Assert.Equal(2, markdown.Count);
        Assert.Null(markdown.Image);
        Assert.Contains("第一页", markdown.Html, StringComparison.Ordinal);
        Assert.Null(await CurrentAsync(sessionId));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_a_message_and_changes_nothing()
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "PDF 课件大小", Markdown);
        var lecturer = await factory.SignInAsync(Lecturer);
        var tooLarge = new byte[50 * 1024 * 1024 + 1];
        "%PDF-1.7\n"u8.CopyTo(tooLarge);
        var response = await UploadAsync(lecturer, sessionId, tooLarge, "huge.pdf");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var console = WebUtility.HtmlDecode(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
        Assert.Contains("文件超过 50 MB", console, StringComparison.Ordinal);
        Assert.Null(await CurrentAsync(sessionId));
    }

    /// <summary>A landscape PDF of <paramref name="pages"/> pages, each filled with its own colour and numbered, through Skia's PDF backend.</summary>
    private static byte[] Pdf(int pages)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            for (var i = 0; i < pages; i++)
            {
                var canvas = document.BeginPage(960, 540);
                canvas.Clear(PageColors[i % PageColors.Length]);
                using var font = new SKFont(SKTypeface.Default, 120);
                using var paint = new SKPaint { Color = SKColors.White };
                canvas.DrawText($"{i + 1}", 60, 160, SKTextAlign.Left, font, paint);
                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }

    private static bool Near(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) < 40 && Math.Abs(a.Green - b.Green) < 40 && Math.Abs(a.Blue - b.Blue) < 40;

    private static MultipartFormDataContent Form(byte[] file, string name, string token)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "deck", name);
        return form;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int sessionId, byte[] file, string name)
    {
        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync($"/live/{sessionId}/console"));
        using var form = Form(file, name, token);
        return await client.PostAsync($"/live/{sessionId}/slides", form);
    }

    private async Task<SlideDeckView?> CurrentAsync(int sessionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SlideDecks>().CurrentAsync(sessionId, CancellationToken.None);
    }

    /// <summary>Waits for the newest upload to be the deck shown, as the console's progress does.</summary>
    private async Task<SlideDeckView> WaitUntilReadyAsync(HttpClient staff, int sessionId)
    {
        for (var i = 0; i < 300; i++)
        {
            var state = await staff.GetStringAsync($"/live/{sessionId}/slides/state");
            Assert.DoesNotContain("\"Failed\"", state, StringComparison.Ordinal);
            if (state.Contains("\"state\":\"Ready\"", StringComparison.Ordinal))
            {
                return (await CurrentAsync(sessionId))!;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The deck was not rendered in 30 s.");
    }

    private async Task<Member> ConnectAsync(string email, int sessionId)
    {
        var connection = await LiveTestSupport.BuildAsync(factory, email, sessionId);
        var state = LiveTestSupport.Expect<LiveStateDto>(connection, "State");
        await connection.StartAsync();
        return new Member(connection, await state);
    }

    private sealed record Member(HubConnection Connection, LiveStateDto State) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
