namespace LearnHub.Benchmarks.Live;

public static class Statistics
{
    /// <summary>The middle value (the mean of the two middle ones for an even count); NaN for none. Reported instead of means: these machines are shared and noisy.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
