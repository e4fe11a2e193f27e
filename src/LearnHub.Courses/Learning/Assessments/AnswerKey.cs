using System.Globalization;
using System.Text;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>A response to one question: the chosen option indexes, or the text typed into a fill-in.</summary>
public sealed record QuestionResponse(IReadOnlyList<int> Choices, string Text)
{
    public static readonly QuestionResponse Empty = new([], "");

    public static QuestionResponse Choose(params int[] choices) => new(choices, "");

    public static QuestionResponse Fill(string text) => new([], text ?? "");

    internal string ToStored() => Choices.Count > 0
        ? string.Join(',', Choices.Order().Select(c => c.ToString(CultureInfo.InvariantCulture)))
        : Text;

    /// <summary>Reads a stored response back for the result page.</summary>
    public static QuestionResponse FromStored(QuestionKind kind, string stored)
    {
        if (kind == QuestionKind.FillIn)
        {
            return Fill(stored);
        }

        var choices = (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0).ToArray();
        return new QuestionResponse(choices, "");
    }
}

/// <summary>Scoring rules for each kind of question. All or nothing: a multiple-choice answer must pick exactly the correct set.</summary>
public static class AnswerKey
{
    public static bool IsCorrect(Question question, QuestionResponse response)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(response);
        switch (question.Kind)
        {
            case QuestionKind.SingleChoice:
            case QuestionKind.TrueFalse:
                return response.Choices.Distinct().Count() == 1 && question.CorrectOptions.Count == 1 &&
                    response.Choices[0] == question.CorrectOptions[0];
            case QuestionKind.MultipleChoice:
                return question.CorrectOptions.Count > 0 && response.Choices.ToHashSet().SetEquals(question.CorrectOptions);
            case QuestionKind.FillIn:
                var given = AnswerText.Normalize(response.Text);
                return given.Length > 0 && question.AcceptedAnswers.Any(a => AnswerText.Normalize(a) == given);
            default:
                return false;
        }
    }
}

/// <summary>How fill-in answers are compared: what a person types on a phone keyboard should not decide the score.</summary>
public static class AnswerText
{
    /// <summary>
    /// NFKC folds full-width letters, digits and punctuation to their half-width forms; then
    /// white space is dropped, case is folded and trailing sentence punctuation removed.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().TrimEnd('.', '。', ';', '!');
    }
}

/// <summary>Draws a paper: a seeded shuffle, so the same seed over the same questions gives the same paper.</summary>
public static class QuizDraw
{
    public static IReadOnlyList<int> Draw(IReadOnlyList<int> questionIds, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(questionIds);
        // Ordered first so the database's row order cannot change a paper drawn from the same seed.
        var pool = questionIds.Distinct().Order().ToArray();
        var random = new Random(seed);
        for (var i = pool.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool.Take(Math.Clamp(count, 0, pool.Length)).ToArray();
    }
}
