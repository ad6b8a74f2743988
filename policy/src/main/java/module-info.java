/**
 * Warden policy: compiles a module's annotations once into deny-by-default guards and checks every call.
 * {@code dev.warden.policy.annotation} is what module authors write, {@code dev.warden.policy} the engine,
 * {@code dev.warden.policy.host} the lifecycle a host embeds.
 */
module dev.warden.policy {
    requires transitive dev.warden.claims;
    requires transitive dev.warden.db;
    requires org.objectweb.asm;
    requires org.slf4j;

    exports dev.warden.policy;
    exports dev.warden.policy.annotation;
    exports dev.warden.policy.host;
}
