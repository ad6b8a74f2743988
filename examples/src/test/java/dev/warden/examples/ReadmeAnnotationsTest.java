package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 22 row 11: the README names only annotations that exist (it named a {@code @RequiresScope} that did not). */
class ReadmeAnnotationsTest {

    /** Annotations the README names that are not Warden's: the JDK's, JUnit's, Jakarta's and Spring's, and the
     * README's own example of a composed rule. */
    static final Set<String> OTHERS = Set.of("FunctionalInterface", "Retention", "Target", "Override", "Test",
            "BeforeEach", "AfterEach", "RolesAllowed", "PermitAll", "PreAuthorize", "AdminOnly");

    @Test
    void everyAnnotationTheReadmeNamesExists() throws IOException {
        Set<String> warden = new TreeSet<>();
        Pattern declared = Pattern.compile("public @interface (\\w+)");
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path sources : modules.map(d -> d.resolve(Path.of("src", "main", "java"))).filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = declared.matcher(Files.readString(p));
                        while (m.find()) {
                            warden.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(warden).contains("RequiresAnyScope", "WardenTest");
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("@([A-Z][A-Za-z]+)").matcher(Files.readString(Path.of("..", "README.md")));
        while (m.find()) {
            named.add(m.group(1));
        }
        named.removeAll(OTHERS);
        assertThat(warden).containsAll(named);
    }
}
