using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>A question as typed into the admin form or read from a spreadsheet row, before its rules are checked.</summary>
public sealed record QuestionDraft(QuestionKind Kind, string Stem, IReadOnlyList<string> Options, string Answer, string? Explanation);

/// <summary>The part of a question a problem is about; <c>Option</c> carries the zero-based option index.</summary>
public enum QuestionField
{
    Kind,
    Stem,
    Option,
    Answer,
    Explanation,
}

/// <summary>One broken rule of a <see cref="QuestionDraft"/>, keyed by field.</summary>
public sealed record QuestionError(QuestionField Field, ImportProblemCode Code, string? Value = null, int OptionIndex = -1);

/// <summary>
/// The one home of a question's rules (lengths, options, how an answer is written for each kind), so a question
/// typed into the form and one imported from a spreadsheet cannot differ.
/// </summary>
public static class QuestionRules
{
    public const int MaxOptions = 6;

    private static readonly Dictionary<string, bool> TrueFalseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["对"] = true, ["正确"] = true, ["是"] = true, ["√"] = true, ["true"] = true, ["t"] = true,
        ["错"] = false, ["错误"] = false, ["否"] = false, ["×"] = false, ["x"] = false, ["false"] = false, ["f"] = false,
    };

    /// <summary>Single and multiple choice questions, the kinds that have options.</summary>
    public static bool IsChoice(QuestionKind kind) => kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;

    /// <summary>Whether a choice question has between 2 and <see cref="MaxOptions"/> options; other kinds take any (they are ignored).</summary>
    public static bool HasOptionCount(QuestionKind kind, int count) => !IsChoice(kind) || count is >= 2 and <= MaxOptions;

    /// <summary>
    /// Checks <paramref name="draft"/> and returns the question it describes, or null with the broken rules added to
    /// <paramref name="errors"/>. Text is trimmed; options are read up to the last one filled in, and a gap before it is an
    /// error. <paramref name="errors"/> may already hold what the caller found (an unreadable kind): the fields are still
    /// checked, the answer only once everything else is right.
    /// </summary>
    public static Question? Build(QuestionDraft draft, List<QuestionError> errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        var longText = FieldLimits.LongText.ToString(CultureInfo.InvariantCulture);
        var title = FieldLimits.Title.ToString(CultureInfo.InvariantCulture);
        var stem = draft.Stem.Trim();
        if (stem.Length == 0) errors.Add(new(QuestionField.Stem, ImportProblemCode.Required));
        else if (stem.Length > FieldLimits.LongText) errors.Add(new(QuestionField.Stem, ImportProblemCode.TooLong, longText));

        var explanation = draft.Explanation?.Trim() ?? "";
        if (explanation.Length > FieldLimits.LongText) errors.Add(new(QuestionField.Explanation, ImportProblemCode.TooLong, longText));

        var options = draft.Options.Select(o => o.Trim()).ToList();
        options = options.Take(options.FindLastIndex(o => o.Length > 0) + 1).ToList();
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].Length == 0) errors.Add(new(QuestionField.Option, ImportProblemCode.Required, OptionIndex: i));
            else if (options[i].Length > FieldLimits.Title) errors.Add(new(QuestionField.Option, ImportProblemCode.TooLong, title, i));
        }

        var answer = draft.Answer.Trim();
        var question = new Question { Kind = draft.Kind, Stem = stem, Explanation = explanation };
        if (errors.Count > 0)
        {
            return null;
        }

        if (answer.Length == 0)
        {
            errors.Add(new(QuestionField.Answer, ImportProblemCode.Required));
            return null;
        }

        switch (draft.Kind)
        {
            case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                if (options.Count < 2)
                {
                    errors.Add(new(QuestionField.Option, ImportProblemCode.Required, OptionIndex: 1));
                    return null;
                }

                var letters = answer.ToUpperInvariant().Normalize(System.Text.NormalizationForm.FormKC)
                    .Where(c => !char.IsWhiteSpace(c) && c is not (',' or '、' or ';')).ToList();
                var picks = letters.Select(c => c - 'A').ToList();
                if (picks.Count == 0 || picks.Any(p => p < 0 || p >= options.Count) || picks.Distinct().Count() != picks.Count ||
                    (draft.Kind == QuestionKind.SingleChoice && picks.Count != 1) || (draft.Kind == QuestionKind.MultipleChoice && picks.Count < 2))
                {
                    errors.Add(new(QuestionField.Answer, ImportProblemCode.UnknownValue, answer));
                    return null;
                }

                question.Options = options;
                question.CorrectOptions = [.. picks.Order()];
                break;
            case QuestionKind.TrueFalse:
                if (!TrueFalseWords.TryGetValue(answer, out var truth))
                {
                    errors.Add(new(QuestionField.Answer, ImportProblemCode.UnknownValue, answer));
                    return null;
                }

                question.CorrectOptions = [truth ? 0 : 1];
                break;
            case QuestionKind.FillIn:
                var accepted = answer.Split(['|', '｜'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                if (accepted.Count == 0 || accepted.Any(a => a.Length > FieldLimits.Title))
                {
                    errors.Add(new(QuestionField.Answer, ImportProblemCode.UnknownValue, answer));
                    return null;
                }

                question.AcceptedAnswers = accepted;
                break;
            default:
                errors.Add(new(QuestionField.Kind, ImportProblemCode.Required));
                return null;
        }

        return question;
    }
}
