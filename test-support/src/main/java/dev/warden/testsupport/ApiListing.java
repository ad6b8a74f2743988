package dev.warden.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A module's public API as text: every public type of its exported packages with its public and protected
 * members, one per line, sorted, the way Kotlin's binary-compatibility validator lists them. A test compares
 * it with the committed listing, so that every API change shows in review; run the tests with the environment
 * variable {@code WARDEN_API_UPDATE=1} to rewrite the listing after a deliberate change.
 */
public final class ApiListing {

    private final List<String> packages;
    private final Path classes;

    private ApiListing(List<String> packages, Path classes) {
        this.packages = packages;
        this.classes = classes;
    }

    /**
     * @param anchor any class of the module (its compiled classes are found beside it)
     * @param exportedPackages the packages that make the API
     * @return the listing
     */
    public static ApiListing of(Class<?> anchor, String... exportedPackages) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                // a jar would make every check below pass on nothing
                throw new IllegalStateException(anchor.getName() + " was loaded from " + root + ", not from a classes "
                        + "directory: the listing must be made from the module's own build output");
            }
            return new ApiListing(List.of(exportedPackages), root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every package with compiled classes in the module's output (its main classes only) */
    public Set<String> packages() {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.class"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the listing's lines */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (String pkg : packages) {
            List<Class<?>> types = publicTypes(pkg);
            assertFalse(types.isEmpty(), "exported package " + pkg + " has no public type (does it exist?)");
            out.add("package " + pkg);
            for (Class<?> t : types) {
                out.add(shorten(header(t), pkg));
                members(t).forEach(m -> out.add("  " + m));
            }
        }
        return out;
    }

    /**
     * Fails unless the listing equals the committed file (or rewrites it when {@code WARDEN_API_UPDATE=1}).
     *
     * @param committed the committed listing, relative to the module's directory
     */
    public void assertMatches(Path committed) {
        String actual = String.join("\n", lines()) + "\n";
        try {
            if ("1".equals(System.getenv("WARDEN_API_UPDATE"))) {
                if (System.getenv("CI") != null) {
                    fail("WARDEN_API_UPDATE=1 under CI would make this check pass on anything: update locally");
                }
                Files.createDirectories(committed.toAbsolutePath().getParent());
                Files.writeString(committed, actual);
                return;
            }
            if (!Files.exists(committed)) {
                fail("no API listing at " + committed + ": run the tests once with WARDEN_API_UPDATE=1 and commit it");
            }
            assertEquals(Files.readString(committed), actual, "the public API changed: review the difference, then "
                    + "run the tests with WARDEN_API_UPDATE=1 and commit " + committed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every type named in a public signature of the API (supertypes, parameters, results, exceptions, fields).
     *
     * @return their names, sorted
     */
    public Set<String> referencedTypes() {
        Set<String> out = new TreeSet<>();
        for (String pkg : packages) {
            for (Class<?> t : publicTypes(pkg)) {
                Stream.concat(Stream.of(t.getGenericSuperclass()), Arrays.stream(t.getGenericInterfaces()))
                        .filter(x -> x != null).forEach(x -> names(x.getTypeName(), out));
                for (Member m : visibleMembers(t)) {
                    if (m instanceof Executable) {
                        Executable e = (Executable) m;
                        Arrays.stream(e.getGenericParameterTypes()).forEach(x -> names(x.getTypeName(), out));
                        Arrays.stream(e.getGenericExceptionTypes()).forEach(x -> names(x.getTypeName(), out));
                        if (e instanceof Method) {
                            names(((Method) e).getGenericReturnType().getTypeName(), out);
                        }
                    } else {
                        names(((Field) m).getGenericType().getTypeName(), out);
                    }
                }
            }
        }
        return out;
    }

    private static void names(String typeName, Set<String> out) {
        for (String part : typeName.split("[<>,\\s\\[\\]?&]+")) {
            if (part.contains(".")) {
                out.add(part.replace('$', '.'));
            }
        }
    }

    private List<Class<?>> publicTypes(String pkg) {
        Path dir = classes.resolve(pkg.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.equals("package-info.class"))
                    .map(n -> load(pkg + "." + n.substring(0, n.length() - ".class".length())))
                    .filter(ApiListing::visible).sorted(Comparator.comparing(Class::getName))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiListing.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Public, and every enclosing class public too. */
    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) && !(k != c && Modifier.isProtected(c.getModifiers()))) {
                return false;
            }
        }
        return !c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic();
    }

    private static String header(Class<?> t) {
        String kind = t.isAnnotation() ? "@interface" : t.isInterface() ? "interface" : t.isEnum() ? "enum"
                : t.isRecord() ? "record" : "class";
        int mods = t.getModifiers() & (t.isInterface() ? Modifier.PUBLIC : Modifier.PUBLIC | Modifier.FINAL
                | Modifier.ABSTRACT);
        if (t.isEnum() || t.isRecord()) {
            mods &= ~Modifier.FINAL;
        }
        StringBuilder b = new StringBuilder(Modifier.toString(mods)).append(' ').append(kind).append(' ')
                .append(t.getTypeName().replace('$', '.'));
        if (t.getTypeParameters().length > 0) {
            b.append(Arrays.stream(t.getTypeParameters()).map(Object::toString).collect(Collectors.joining(", ", "<", ">")));
        }
        if (t.getGenericSuperclass() != null && t.getSuperclass() != Object.class && !t.isEnum() && !t.isRecord()) {
            b.append(" extends ").append(t.getGenericSuperclass().getTypeName());
        }
        if (t.getGenericInterfaces().length > 0 && !t.isAnnotation()) {
            b.append(t.isInterface() ? " extends " : " implements ").append(Arrays.stream(t.getGenericInterfaces())
                    .map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    private static List<Member> visibleMembers(Class<?> t) {
        List<Member> out = new ArrayList<>();
        Stream.of(t.getDeclaredConstructors(), t.getDeclaredMethods(), t.getDeclaredFields()).flatMap(Arrays::stream)
                .filter(m -> !m.isSynthetic() && !(m instanceof Method && ((Method) m).isBridge()))
                .filter(m -> Modifier.isPublic(m.getModifiers())
                        || (Modifier.isProtected(m.getModifiers()) && !Modifier.isFinal(t.getModifiers())))
                .forEach(out::add);
        return out;
    }

    private static List<String> members(Class<?> t) {
        return visibleMembers(t).stream()
                .sorted(Comparator.comparing((Member m) -> m instanceof Constructor ? "" : m.getName())
                        .thenComparing(m -> describe(t, m)))
                .map(m -> describe(t, m)).collect(Collectors.toList());
    }

    private static String describe(Class<?> owner, Member m) {
        String s;
        if (m instanceof Constructor) {
            s = ((Constructor<?>) m).toGenericString();
        } else if (m instanceof Method) {
            s = ((Method) m).toGenericString();
        } else {
            s = ((Field) m).toGenericString();
        }
        // names relative to the owner's package read like a table of contents
        return shorten(s.replace('$', '.').replace(owner.getTypeName().replace('$', '.') + ".", ""),
                owner.getPackageName());
    }

    private static String shorten(String text, String pkg) {
        return text.replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "").replaceAll("\\b" + pkg.replace(".", "\\.")
                + "\\.(?=[A-Z])", "");
    }
}
