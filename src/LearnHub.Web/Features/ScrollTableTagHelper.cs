using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LearnHub.Web.Features;

/// <summary>
/// A table wrapper that scrolls sideways on a phone (<c>&lt;div class="table-responsive" scroll-label="…"&gt;</c>):
/// a keyboard user can only scroll what can take focus, and a screen reader announces the focused region by
/// its name, so every such wrapper is focusable and named after its table.
/// </summary>
[HtmlTargetElement("div", Attributes = LabelAttribute)]
public sealed class ScrollTableTagHelper : TagHelper
{
    private const string LabelAttribute = "scroll-label";

    /// <summary>The table's name, in the page's language.</summary>
    [HtmlAttributeName(LabelAttribute)]
    public string Label { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Attributes.SetAttribute("tabindex", "0");
        output.Attributes.SetAttribute("role", "region");
        output.Attributes.SetAttribute("aria-label", Label);
    }
}
