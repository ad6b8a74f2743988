package dev.warden.host;

import dev.warden.host.internal.codegen.TypeScriptGenerator;
import dev.warden.host.internal.schema.ModuleDefs;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * TypeScript client bindings for a Java module, as {@code spacetime generate --lang typescript} writes them for a
 * SpacetimeDB module: the same files ({@code index.ts}, {@code <table>_table.ts} per public table and view,
 * {@code <reducer>_reducer.ts}, {@code <procedure>_procedure.ts}, {@code types.ts}, {@code types/reducers.ts},
 * {@code types/procedures.ts}) with the same text as SpacetimeDB 2.8.3's generator, made from the module's
 * {@code RawModuleDef} (what {@code GET /v1/database/:name/schema} answers). The SpacetimeDB TypeScript SDK
 * ({@code spacetimedb} on npm) uses them to connect to a {@link HostServer} serving the module.
 *
 * <p>From the command line, with the module and Warden on the class path:
 * <pre>{@code
 * java -cp <class path> dev.warden.host.TypeScriptBindings [--js-extensions] <module class> <out dir>
 * }</pre>
 * The module is compiled with a default {@link PolicyEngine}; a module that needs a configured engine (named
 * policies) is generated from code, from the {@link Warden} that serves it: {@link #of(Warden, ImportStyle)}.
 * Like {@code spacetime generate}, the text is not formatted: SpacetimeDB's own checked-in bindings are this text run through prettier (single
 * quotes, 80 columns, {@code trailingComma: "es5"}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TypeScriptBindings {

    /** How relative imports between the generated files are written. */
    public enum ImportStyle {
        /** {@code from "./types"}, as {@code spacetime generate} writes them: for bundlers and TypeScript's
         *  {@code "moduleResolution": "bundler"}. */
        BUNDLER(""),
        /** {@code from "./types.js"}: for Node's ES modules, which need the extension of the compiled file. */
        NODE_ESM(".js");

        private final String suffix;

        ImportStyle(String suffix) {
            this.suffix = suffix;
        }
    }

    private final SortedMap<String, String> files;

    private TypeScriptBindings(SortedMap<String, String> files) {
        this.files = files;
    }

    /**
     * @param moduleClass a module, compiled here with a default {@link PolicyEngine}
     * @return its bindings, with imports as {@code spacetime generate} writes them
     * @throws dev.warden.policy.PolicyCompilationException if the module does not compile (one that needs a
     *     configured engine, named policies for instance, is generated with {@link #of(Warden, ImportStyle)})
     * @throws IllegalArgumentException if a column, parameter or result has a type SpacetimeDB cannot describe
     */
    public static TypeScriptBindings of(Class<?> moduleClass) {
        return of(moduleClass, ImportStyle.BUNDLER);
    }

    /**
     * @param moduleClass a module, compiled here with a default {@link PolicyEngine}
     * @param style how relative imports are written
     * @return its bindings
     * @throws dev.warden.policy.PolicyCompilationException if the module does not compile
     * @throws IllegalArgumentException if a column, parameter or result has a type SpacetimeDB cannot describe
     */
    public static TypeScriptBindings of(Class<?> moduleClass, ImportStyle style) {
        Objects.requireNonNull(moduleClass, "moduleClass");
        return of(PolicyEngine.builder().build().compile(moduleClass), style);
    }

    /**
     * @param warden the lifecycle serving the module (as given to {@link HostServer})
     * @param style how relative imports are written
     * @return the bindings of its module
     * @throws IllegalArgumentException if a column, parameter or result has a type SpacetimeDB cannot describe
     */
    public static TypeScriptBindings of(Warden<?> warden, ImportStyle style) {
        Objects.requireNonNull(warden, "warden");
        return of(warden.module(), style);
    }

    private static TypeScriptBindings of(GuardedModule<?> module, ImportStyle style) {
        Objects.requireNonNull(style, "style");
        return new TypeScriptBindings(TypeScriptGenerator.generate(ModuleDefs.v10(module), style.suffix));
    }

    /** @return each file's path under the output directory ({@code /}-separated, sorted) to its text (unmodifiable) */
    public SortedMap<String, String> files() {
        return files;
    }

    /**
     * Writes the files under a directory, creating it and {@code types/} as needed and replacing files of the same
     * names; other files in it are left alone (delete bindings of removed tables yourself).
     *
     * @param directory the output directory, typically {@code src/module_bindings}
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = directory.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes a module's bindings: {@code [--js-extensions] <module class> <out dir>}. Exits with 0 after writing
     * them, 2 on a usage error, 1 if the module cannot be loaded, compiled or described.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ImportStyle style = ImportStyle.BUNDLER;
        int i = 0;
        if (args.length > 0 && args[0].equals("--js-extensions")) {
            style = ImportStyle.NODE_ESM;
            i = 1;
        }
        if (args.length - i != 2) {
            err.println("usage: java -cp <class path> dev.warden.host.TypeScriptBindings [--js-extensions] "
                    + "<module class> <out dir>");
            return 2;
        }
        String className = args[i];
        Path dir = Path.of(args[i + 1]);
        try {
            Class<?> moduleClass = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            TypeScriptBindings bindings = of(moduleClass, style);
            bindings.writeTo(dir);
            out.println("wrote " + bindings.files().size() + " files to " + dir);
            return 0;
        } catch (ClassNotFoundException e) {
            err.println("no class " + className + " on the class path");
        } catch (IOException e) {
            err.println("cannot write the bindings to " + dir + ": " + e.getMessage());
        } catch (RuntimeException e) {
            err.println("cannot generate bindings for " + className + ": " + e.getMessage());
        }
        return 1;
    }
}
