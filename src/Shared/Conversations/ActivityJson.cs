using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Shared.Conversations;

/// <summary>The one place that says how activities look on the wire: camelCase, nulls left out.</summary>
public static class ActivityJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static Activity? Deserialize(string json) => JsonSerializer.Deserialize<Activity>(json, Options);

    public static Activity? Deserialize(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<Activity>(utf8Json, Options);

    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, Options);
}
