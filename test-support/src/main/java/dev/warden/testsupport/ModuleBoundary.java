package dev.warden.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The checks every Warden library module runs on its own boundary: the module descriptor exports exactly the
 * API packages (each of which exists), the API listing is the committed one, and no public signature names an
 * internal type or a third-party type (nimbus, Jackson, Caffeine...), so a dependency upgrade can never break a
 * user.
 */
public final class ModuleBoundary {

    private final Class<?> anchor;
    private final String moduleName;
    private final List<String> exports;
    private final Set<String> allowedForeign;
    private final List<String> dependencies;

    private ModuleBoundary(Class<?> anchor, String moduleName, List<String> exports, Set<String> allowedForeign,
                           List<String> dependencies) {
        this.anchor = anchor;
        this.moduleName = moduleName;
        this.exports = exports;
        this.allowedForeign = allowedForeign;
        this.dependencies = dependencies;
    }

    /**
     * @param anchor any class of the module
     * @param moduleName its JPMS name
     * @param exports the packages it exports
     * @return the boundary, for {@link #allowing} and {@link #tests}
     */
    public static ModuleBoundary of(Class<?> anchor, String moduleName, String... exports) {
        return new ModuleBoundary(anchor, moduleName, List.of(exports), Set.of(), List.of());
    }

    /**
     * @param apiPackages the API packages of the Warden modules this one depends on, whose types its API may use
     * @return a copy allowing them
     */
    public ModuleBoundary using(String... apiPackages) {
        return new ModuleBoundary(anchor, moduleName, exports, allowedForeign, List.of(apiPackages));
    }

    /**
     * @param typeNames third-party types that may appear in the API (a test kit exposes JUnit's, for example)
     * @return a copy allowing them
     */
    public ModuleBoundary allowing(String... typeNames) {
        return new ModuleBoundary(anchor, moduleName, exports, Set.of(typeNames), dependencies);
    }

    /**
     * @param listing the committed API listing, relative to the module's directory
     * @param named whether the module has a {@code module-info} (else it has an {@code Automatic-Module-Name})
     * @return the boundary's tests
     */
    public Stream<DynamicTest> tests(Path listing, boolean named) {
        ApiListing api = ApiListing.of(anchor, exports.toArray(new String[0]));
        return Stream.of(
                DynamicTest.dynamicTest("module descriptor", () -> checkDescriptor(named)),
                DynamicTest.dynamicTest("API listing is the committed one", () -> api.assertMatches(listing)),
                DynamicTest.dynamicTest("no internal or third-party type in the API", () -> checkTypes(api)));
    }

    private void checkDescriptor(boolean named) {
        Module module = anchor.getModule();
        if (!named) {
            assertTrue(!module.isNamed(), moduleName + " has no module-info: its tests run on the class path");
            return;
        }
        assertTrue(module.isNamed(), moduleName + " must run as a named module (is its module-info compiled?)");
        ModuleDescriptor d = module.getDescriptor();
        assertEquals(moduleName, d.name());
        Set<String> actual = d.exports().stream().map(e -> {
            assertTrue(e.targets().isEmpty(), "qualified export " + e);
            return e.source();
        }).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(exports), actual, "exported packages");
        assertTrue(d.opens().isEmpty() && !d.isOpen(), "no package is open to reflection");
        for (String pkg : ApiListing.of(anchor).packages()) {
            assertTrue(exports.contains(pkg) || pkg.endsWith(".internal") || pkg.contains(".internal."),
                    "package " + pkg + " is neither exported nor internal");
        }
    }

    /** Whether a type is directly in one of the packages (a nested type counts with its owner). */
    private static boolean inPackages(String type, List<String> packages) {
        for (String p : packages) {
            if (type.startsWith(p + ".") && Character.isUpperCase(type.charAt(p.length() + 1))) {
                return true;
            }
        }
        return false;
    }

    private void checkTypes(ApiListing api) {
        List<String> offenders = api.referencedTypes().stream()
                .filter(t -> !(t.startsWith("java.") || allowedForeign.contains(t) || inPackages(t, exports)
                        || inPackages(t, dependencies)))
                .collect(Collectors.toList());
        assertEquals(List.of(), offenders, "types that must not appear in " + moduleName + "'s public signatures");
    }
}
