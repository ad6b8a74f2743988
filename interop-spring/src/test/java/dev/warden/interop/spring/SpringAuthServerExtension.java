package dev.warden.interop.spring;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the suite's one {@link SpringAuthServer}: started on first use, kept in the root context's store and
 * closed (it is {@link AutoCloseable}) when the whole test run ends, so every test class shares it.
 */
final class SpringAuthServerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SpringAuthServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SpringAuthServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SpringAuthServer.class, k -> SpringAuthServer.launch(), SpringAuthServer.class);
    }
}
