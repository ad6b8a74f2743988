package dev.warden.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one static member of a {@link WardenTest} class (or of a class it is nested in) that gives the
 * production claims mapping, so the module is tested with the mapping it runs with:
 *
 * <ul>
 * <li>a static {@code RoleMapping} field or no-argument method: the provider preset or custom mapping, for
 *     example {@code @WardenClaims static final RoleMapping ROLES = RoleMapping.keycloak("guild-client");};</li>
 * <li>a static method taking the issuer and returning a {@code ClaimsMapper}, for a mapper with its own
 *     {@code serviceWhen} conditions: {@code @WardenClaims static ClaimsMapper claims(String issuer)}; it is
 *     called with the mock issuer's {@code iss}, so build the mapper for that issuer.</li>
 * </ul>
 *
 * The mock issuer then mints tokens in that provider's shape (roles where the mapping reads them, for
 * example Keycloak's {@code realm_access.roles}; SERVICE tokens marked by its machine-token rule, for example
 * Keycloak's {@code client_id} = {@code azp}), and the test's {@code ClaimsMapper} reads them with it. Without
 * it, tokens carry roles in a flat {@code roles} claim ({@link MockIssuer#roleMapping()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface WardenClaims {
}
