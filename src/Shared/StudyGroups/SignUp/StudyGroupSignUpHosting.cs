using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SupportBot.Shared.StudyGroups.SignUp;

public static class StudyGroupSignUpHosting
{
    public static IHostApplicationBuilder AddSupportBotStudyGroupSignUp(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<StudyGroupSignUpStore>();
        return builder;
    }
}
