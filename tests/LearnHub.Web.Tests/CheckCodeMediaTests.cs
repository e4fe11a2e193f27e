using System.Buffers.Binary;
using LearnHub.Web.Features.Learning.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearnHub.Web.Tests;

/// <summary>The attention check's code as a person gets it: a picture drawn afresh each time, and speech from espeak-ng.</summary>
public sealed class CheckCodeMediaTests
{
    [Fact]
    public void The_picture_is_a_png_of_its_size_and_never_the_same_twice()
    {
        var first = CheckCodePicture.Png("4071");
        var second = CheckCodePicture.Png("4071");

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], first[..4]);
        Assert.Equal(CheckCodePicture.Width, BinaryPrimitives.ReadInt32BigEndian(first.AsSpan(16)));
        Assert.Equal(CheckCodePicture.Height, BinaryPrimitives.ReadInt32BigEndian(first.AsSpan(20)));
        Assert.NotEqual(first, second);
    }

    [Fact]
    [Trait("Category", "MediaTools")]
    public async Task The_spoken_code_is_a_complete_wav_with_noise_in_both_languages()
    {
        var speech = new CheckCodeSpeech(NullLogger<CheckCodeSpeech>.Instance);
        foreach (var english in new[] { false, true })
        {
            var wav = await speech.WavAsync("4071", english, CancellationToken.None);

            Assert.NotNull(wav);
            Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
            Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
            Assert.Equal(wav.Length - 44, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
            var rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
            // Four digits with pauses: more than a second of sound.
            Assert.True((wav.Length - 44) / 2.0 / rate > 1, $"{(wav.Length - 44) / 2.0 / rate} s");
        }
    }
}
