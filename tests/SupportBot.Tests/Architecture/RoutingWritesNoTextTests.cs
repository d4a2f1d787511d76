using System.Reflection;
using MimeKit;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Tests.Architecture;

/// <summary>
/// Routing decides who gets a question and what happens to an answer; what people read is written
/// elsewhere (Shared/Templates for email, the turns and the relay job for the chat). No type of
/// Shared/Routing holds, takes or returns a message, a chat activity or what composes them (#13).
/// </summary>
public sealed class RoutingWritesNoTextTests
{
    private static readonly Type[] Writers = [typeof(MimeMessage), typeof(Activity), typeof(MailTemplates), typeof(MailComposer), typeof(QuestionEmails)];

    [Fact]
    public void No_routing_type_composes_an_email_or_a_chat_message()
    {
        var routing = typeof(QuestionRouter).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(QuestionRouter).Namespace)
            .ToList();
        Assert.Contains(typeof(ReplyIntake), routing);

        var offending = routing
            .SelectMany(t => UsedTypes(t).Where(IsWriter).Select(used => $"{t.FullName} uses {used.Name}"))
            .Distinct()
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void The_check_sees_a_composer_held_by_a_type()
    {
        Assert.Contains(UsedTypes(typeof(QuestionEmails)), IsWriter);
    }

    private static bool IsWriter(Type type) => Writers.Any(w => w.IsAssignableFrom(type));

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Fields (primary-constructor captures and async state included), constructor and method signatures, unwrapping generics.</summary>
    private static IEnumerable<Type> UsedTypes(Type type) =>
        type.GetFields(All).Select(f => f.FieldType)
            .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(type.GetNestedTypes(All).SelectMany(UsedTypes))
            .SelectMany(Unwrap);

    private static IEnumerable<Type> Unwrap(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type)
        : type.HasElementType ? Unwrap(type.GetElementType()!)
        : [type];
}
