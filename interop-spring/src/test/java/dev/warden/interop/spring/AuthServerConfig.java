package dev.warden.interop.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The authorization server as its documentation sets one up: Spring Boot's auto-configuration (the authorization
 * server's filter chain with OIDC, the form login for everything else) plus the beans an application supplies.
 * No component scanning: these beans and Boot's, nothing else. The {@code JWKSource} is the test's
 * {@link RotatingKeys}, registered as a bean when the context starts ({@link SpringAuthServer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class AuthServerConfig {

    static final String CLIENT_ID = "game-client";
    static final String CLIENT_SECRET = "game-client-secret";
    static final String REDIRECT_URI = "http://127.0.0.1/callback";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password";
    /** Spring authorities are {@code ROLE_} + these; the token customizer writes these into {@code roles}. */
    static final List<String> USER_ROLES = List.of("player", "moderator");

    @Bean
    AuthorizationServerSettings authorizationServerSettings(Environment env) {
        return AuthorizationServerSettings.builder().issuer(env.getRequiredProperty("interop.issuer")).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository() {
        RegisteredClient game = RegisteredClient.withId("game-client-registration")
                .clientId(CLIENT_ID)
                .clientSecret("{noop}" + CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .redirectUri(REDIRECT_URI)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope("game.read")
                .scope("game.write")
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                // an hour, so the outage test can move Warden's clock past its key cache without expiring tokens
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofHours(1)).build())
                .build();
        return new InMemoryRegisteredClientRepository(game);
    }

    @Bean
    UserDetailsService userDetailsService() {
        return new InMemoryUserDetailsManager(User.withUsername(USER).password("{noop}" + PASSWORD)
                .roles(USER_ROLES.toArray(String[]::new)).build());
    }

    /**
     * Signs with the current key, and gives user tokens (access and ID tokens alike) a {@code roles} array: the
     * user's {@code ROLE_} authorities without the prefix. Client-credentials tokens have no user, so no roles.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(RotatingKeys keys) {
        return context -> {
            context.getJwsHeader().keyId(keys.signingKeyId());
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                // a client-credentials token otherwise looks like a user's named like the client: mark it
                context.getClaims().claim("gty", "client_credentials");
                return;
            }
            List<String> roles = context.getPrincipal().getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_"))
                    .map(a -> a.substring("ROLE_".length()))
                    .toList();
            context.getClaims().claim("roles", roles);
        };
    }
}
