using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Localization;

/// <summary>
/// MVC's own validation texts in the user's language: model binding's messages ("the value '' is invalid", "must be a
/// number") and the required checks MVC adds by itself to non-nullable fields, which otherwise speak English whatever
/// the page's language.
/// </summary>
internal sealed class ValidationMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The localizer looks the text up in the current UI culture at each call, so each request gets its own language.
        var t = factory.Create(typeof(SharedResource));
        var m = options.ModelBindingMessageProvider;
        m.SetValueIsInvalidAccessor(value => t["Validation.ValueIsInvalid", value]);
        m.SetAttemptedValueIsInvalidAccessor((value, field) => t["Validation.AttemptedValueIsInvalid", value, field]);
        m.SetMissingBindRequiredValueAccessor(field => t["Validation.Required", field]);
        m.SetMissingKeyOrValueAccessor(() => t["Validation.MissingKeyOrValue"]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => t["Validation.MissingBody"]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => t["Validation.ValueIsInvalid", value]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Validation.UnknownValue"]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => t["Validation.NotANumber"]);
        m.SetUnknownValueIsInvalidAccessor(field => t["Validation.UnknownValueOf", field]);
        m.SetValueMustBeANumberAccessor(field => t["Validation.Number", field]);
        m.SetValueMustNotBeNullAccessor(_ => t["Validation.Empty"]);
        options.ModelMetadataDetailsProviders.Add(new RequiredMessages());
    }

    /// <summary>
    /// Gives every [Required] without a message of its own, including the ones MVC adds to non-nullable fields, the
    /// shared message key, which the data-annotations localizer then translates. A non-nullable number or switch gets
    /// an explicit one, so the browser's check (data-val-required) carries the same localized text.
    /// </summary>
    private sealed class RequiredMessages : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            var validators = context.ValidationMetadata.ValidatorMetadata;
            foreach (var required in validators.OfType<RequiredAttribute>())
            {
                if (required.ErrorMessage is null && required.ErrorMessageResourceName is null)
                {
                    required.ErrorMessage = "Validation.Required";
                }
            }

            var type = context.Key.ModelType;
            if (context.Key.MetadataKind == ModelMetadataKind.Property && type.IsValueType && Nullable.GetUnderlyingType(type) is null
                && !validators.OfType<RequiredAttribute>().Any())
            {
                validators.Add(new RequiredAttribute { ErrorMessage = "Validation.Required" });
            }
        }
    }
}
