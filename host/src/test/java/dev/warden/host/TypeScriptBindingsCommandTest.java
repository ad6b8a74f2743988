package dev.warden.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.server.LedgerModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java dev.warden.host.TypeScriptBindings [--js-extensions] <module class> <out dir>}. */
class TypeScriptBindingsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void writesTheModulesBindings(@TempDir Path dir) throws Exception {
        assertThat(TypeScriptBindings.run(new String[] {"--js-extensions", LedgerModule.class.getName(), dir.toString()},
                o, e)).isZero();

        TypeScriptBindings expected = TypeScriptBindings.of(LedgerModule.class,
                TypeScriptBindings.ImportStyle.NODE_ESM);
        assertThat(expected.files().keySet()).containsExactly("account_change_table.ts", "index.ts",
                "set_name_reducer.ts", "types.ts", "types/procedures.ts", "types/reducers.ts");
        for (var f : expected.files().entrySet()) {
            assertThat(Files.readString(dir.resolve(f.getKey()))).isEqualTo(f.getValue());
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote 6 files to " + dir);
    }

    @Test
    void refusesAMissingArgumentWithItsUsage(@TempDir Path dir) {
        assertThat(TypeScriptBindings.run(new String[] {LedgerModule.class.getName()}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -cp <class path> "
                + "dev.warden.host.TypeScriptBindings [--js-extensions] <module class> <out dir>");
    }

    @Test
    void refusesAClassNotOnTheClassPath(@TempDir Path dir) {
        assertThat(TypeScriptBindings.run(new String[] {"no.such.Module", dir.toString()}, o, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no class no.such.Module on the class path");
        assertThat(dir).isEmptyDirectory();
    }
}
