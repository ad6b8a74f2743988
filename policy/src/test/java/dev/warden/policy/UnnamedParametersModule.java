package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;

/**
 * A module that {@link NamedArgumentsTest} loads again without its parameter names, as a module compiled
 * without {@code -parameters} is. Top level and public: the copy lives in another class loader.
 */
public class UnnamedParametersModule {
    /** For the copy, built reflectively. */
    public UnnamedParametersModule() {}

    /**
     * @param caller injected
     * @param guildId the guild
     */
    @Reducer("declared")
    @Policy("isOfficer")
    public void declared(CallerContext caller, long guildId) {}

    /** @param guildId the guild */
    @Reducer("undeclared")
    @Policy("readsByName")
    public void undeclared(long guildId) {}
}
