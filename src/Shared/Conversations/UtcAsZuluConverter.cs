using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Shared.Conversations;

/// <summary>Writes a UTC timestamp as "...Z" (as channels send it) rather than "...+00:00".</summary>
internal sealed class UtcAsZuluConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        if (value.Offset == TimeSpan.Zero)
        {
            writer.WriteStringValue(value.UtcDateTime);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
