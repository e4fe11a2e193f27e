using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Razor;

namespace LearnHub.Web.Hosting;

/// <summary>
/// Feature folders: a controller's views live in the folder of its namespace, so the lecture hall's check-in
/// controller in Features/LectureHall/Sessions finds its views there, whatever its controller or area is called.
/// </summary>
internal sealed class FeatureFolders : IControllerModelConvention, IViewLocationExpander
{
    private const string Key = "feature";
    private const string Root = "LearnHub.Web.Features.";

    public void Apply(ControllerModel controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var ns = controller.ControllerType.Namespace ?? "";
        if (ns.StartsWith(Root, StringComparison.Ordinal))
        {
            // Copied onto every action's descriptor, where the view engine can read it.
            controller.Properties[Key] = ns[Root.Length..].Replace('.', '/');
        }
    }

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ActionContext.ActionDescriptor.Properties.TryGetValue(Key, out var folder) && folder is string path)
        {
            context.Values[Key] = path;
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Values.TryGetValue(Key, out var path) && path is not null
            ? viewLocations.Prepend($"/Features/{path}/{{0}}.cshtml")
            : viewLocations;
    }
}
