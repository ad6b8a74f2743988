package dev.warden.host.internal;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;

/** How the codecs reach a module's records and enums: through the package if it is open, else as public API. */
final class Access {

    private Access() {}

    static MethodHandles.Lookup lookupFor(Class<?> type) {
        Module self = Access.class.getModule();
        Module target = type.getModule();
        if (target != self) {
            self.addReads(target); // a named module reads only what it requires; reflection on the type needs more
        }
        if (target.isOpen(type.getPackageName(), self)) {
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException(refusal(type), e);
            }
        }
        if (!isPublic(type) || !target.isExported(type.getPackageName())) {
            throw new IllegalArgumentException(refusal(type));
        }
        return MethodHandles.publicLookup();
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    static String refusal(Class<?> type) {
        return "cannot reach " + type.getName() + "'s constructor and accessors: open its package to dev.warden.host "
                + "(opens " + type.getPackageName() + " to dev.warden.host;) or make it public in an exported package";
    }
}
