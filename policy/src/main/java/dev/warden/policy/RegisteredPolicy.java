package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.internal.Guards;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link NamedPolicy} as registered, with the names of the arguments it declares it reads, bound to each
 * entry point that uses it: the entry point must have a parameter of each name, checked at startup.
 */
final class RegisteredPolicy {

    private final String name;
    private final NamedPolicy policy;
    private final List<String> arguments;

    RegisteredPolicy(String name, NamedPolicy policy, List<String> arguments) {
        this.name = name;
        this.policy = policy;
        this.arguments = arguments;
    }

    /**
     * @param impl the entry point's implementation
     * @param where the entry point, for problems
     * @param problems where a missing parameter, or missing parameter names, is recorded
     * @return the predicate the guard asks, whose {@link Invocation} knows the parameter names
     */
    Guards.CallPredicate bind(Method impl, String where, List<String> problems) {
        List<String> names = clientParameterNames(impl);
        for (String a : arguments) {
            if (names == null) {
                problems.add(where + ": policy '" + name + "' reads argument '" + a + "' by name, but the parameter "
                        + "names of " + impl.getDeclaringClass().getSimpleName() + " were not compiled in: compile it "
                        + "with -parameters");
                break;
            }
            if (!names.contains(a)) {
                problems.add(where + ": policy '" + name + "' reads argument '" + a + "', but " + impl.getName()
                        + " has no parameter of that name (its parameters: " + names + ")");
            }
        }
        String[] known = names == null ? null : names.toArray(new String[0]);
        String owner = impl.getDeclaringClass().getSimpleName() + "." + impl.getName();
        return (caller, entryPoint, module, args) -> policy.allows(caller,
                new Invocation(entryPoint, module, args, known, owner));
    }

    /** @return the names of the parameters a client passes, in order; null if the class file has none */
    private static List<String> clientParameterNames(Method m) {
        List<String> names = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            if (!p.isNamePresent()) {
                return null;
            }
            if (!dev.warden.policy.internal.CallScope.injected(p.getType())) {
                names.add(p.getName());
            }
        }
        return List.copyOf(names);
    }
}
