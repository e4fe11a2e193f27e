using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LearnHub.Web.Features;

/// <summary>What a one-time message after a redirect says about the request, and so how and where it is shown.</summary>
public enum FlashKind
{
    /// <summary>Done as asked: shown in green above every page.</summary>
    Notice,

    /// <summary>Refused: shown in red above every page.</summary>
    Error,

    /// <summary>Not possible as asked, shown in amber on the page the user acted on.</summary>
    Problem,

    /// <summary>An upload the media library refused, shown above the library.</summary>
    MediaError,

    /// <summary>A slide deck refused, shown in the live console's slides card.</summary>
    SlidesError,

    /// <summary>Why a quiz could not be started, shown by the quiz page itself.</summary>
    QuizMessage,
}

/// <summary>
/// The one way to leave a message for the next page: <c>this.Flash(FlashKind.Notice, text)</c> in a controller, and the
/// <c>_Flash</c> partial (with the kind as its model) where the page shows it. The kind's name is its TempData key.
/// </summary>
public static class FlashMessages
{
    public static void Flash(this Controller controller, FlashKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.TempData.Flash(kind, text);
    }

    public static void Flash(this ITempDataDictionary tempData, FlashKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[kind.ToString()] = text;
    }

    /// <summary>Drops a message left for the next page (when what it announced did not happen after all).</summary>
    public static void Unflash(this Controller controller, FlashKind kind)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.TempData.Remove(kind.ToString());
    }

    /// <summary>The message left for this request, read once.</summary>
    public static string? Flashed(this ITempDataDictionary tempData, FlashKind kind)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        // Taken out as it is read: a page that shows a kind where it belongs is not shown it again by the layout.
        var text = tempData[kind.ToString()] as string;
        tempData.Remove(kind.ToString());
        return text;
    }
}
