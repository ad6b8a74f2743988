package dev.warden.policy;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * SPI for hosts with their own entry-point annotations: maps a method to an entry-point kind and name.
 * Registered with {@code PolicyEngine.Builder.kindResolver}; consulted when a method has none of Warden's
 * kind annotations. Access rules still come from Warden's (or Jakarta's) rule annotations.
 */
@FunctionalInterface
public interface KindResolver {

    /**
     * A resolved kind and client-facing name.
     *
     * @param kind the kind
     * @param name the entry point's name
     */
    record Resolved(EntryPointKind kind, String name) {
        /**
         * Checks that neither component is null.
         *
         * @param kind the kind
         * @param name the entry point's name
         */
        public Resolved {
            java.util.Objects.requireNonNull(kind, "kind");
            java.util.Objects.requireNonNull(name, "name");
        }
    }

    /**
     * @param method a method of the module class
     * @return its kind and name, or empty if it is not an entry point by this host's conventions
     */
    Optional<Resolved> resolve(Method method);
}
