package dev.warden.policy;

import static dev.warden.policy.CompilationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Policies read arguments by parameter name ({@code -parameters}), checked at startup where declared. */
class NamedArgumentsTest {

    @Authenticated
    public static class Guilds {
        final Map<Long, Set<Identity>> officers = new HashMap<>();

        @Reducer("rename_guild")
        @Policy("isOfficer")
        public void renameGuild(CallerContext caller, long guildId, String name) {}

        @Reducer("kick")
        @Policy("isOfficer")
        public void kick(Identity member, long guildId) {}

        @Reducer("set_motd")
        @Policy("readsByName")
        public void setMotd(long guildId, String text) {}
    }

    final CallerContext alice = Callers.user("alice");
    final Guilds module = new Guilds();
    String read = "guildId";
    Class<?> readAs = Long.class;

    PolicyEngine engine() {
        return PolicyEngine.builder()
                .policy("isOfficer", List.of("guildId"), (caller, call) -> ((Guilds) call.module()).officers
                        .getOrDefault(call.arg("guildId", Long.class), Set.of()).contains(caller.sender()))
                .policy("readsByName", (caller, call) -> call.arg(read, readAs) != null)
                .build();
    }

    @Test
    void aPolicyReadsTheArgumentByNameWhereverItIs() {
        GuardedModule<Guilds> guilds = engine().compile(Guilds.class);
        module.officers.put(7L, Set.of(alice.sender()));
        assertThat(guilds.check(module, "rename_guild", alice, 7L, "Knights").allowed()).isTrue();
        assertThat(guilds.check(module, "kick", alice, Identity.fromClaims("x", "bob"), 7L).allowed()).isTrue();
        assertThat(guilds.check(module, "rename_guild", alice, 8L, "Knights").reason())
                .contains("policy 'isOfficer' denied");
        assertThat(guilds.check(module, "set_motd", alice, 7L, "hi").allowed()).isTrue();
    }

    @Test
    void anUnknownNameOrAWrongTypeDeniesSayingWhy() {
        GuardedModule<Guilds> guilds = engine().compile(Guilds.class);
        read = "guild";
        assertThat(guilds.check(module, "set_motd", alice, 7L, "hi").reason())
                .contains("set_motd has no parameter named 'guild'").doesNotContain("guildId");
        read = "text";
        assertThat(guilds.check(module, "set_motd", alice, 7L, "hi").reason())
                .contains("set_motd argument text is a String, not a Long");
    }

    public static class MissingParameter {
        @Reducer @Authenticated @Policy("isOfficer")
        public void promote(CallerContext caller, long guild, Identity who) {}

        @Reducer @Authenticated @Policy("isOfficer")
        public void demote(long guildId) {}
    }

    @Test
    void everyEntryPointUnderAPolicyHasTheParametersItDeclaresOrStartupFails() {
        assertThat(problems(MissingParameter.class, engine())).containsExactly(
                "MissingParameter.promote: policy 'isOfficer' reads argument 'guildId', but promote has no parameter "
                        + "of that name (its parameters: [guild, who])");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutParameterNamesStartupFailsForDeclaredNamesAndReadingByNameTellsTheAuthorToUseParameters()
            throws Exception {
        Class<?> stripped = withoutParameterNames(UnnamedParametersModule.class);
        assertThat(stripped.getMethod("undeclared", long.class).getParameters()[0].isNamePresent()).isFalse();
        assertThat(problems(stripped, engine())).containsExactly("UnnamedParametersModule.declared: policy "
                + "'isOfficer' reads argument 'guildId' by name, but the parameter names of UnnamedParametersModule "
                + "were not compiled in: compile it with -parameters");
        GuardedModule<?> compiled = PolicyEngine.builder()
                .policy("isOfficer", (caller, call) -> true)
                .policy("readsByName", (caller, call) -> call.arg("guildId", Long.class) != null)
                .build().compile(stripped);
        Object instance = stripped.getConstructor().newInstance();
        assertThat(((GuardedModule<Object>) compiled).check(instance, "undeclared", alice, 7L).reason())
                .contains("IllegalStateException")
                .contains("undeclared: the parameter names of UnnamedParametersModule.undeclared are not in its class "
                        + "file: compile the module with -parameters to read arguments by name");
    }

    @Test
    void declaredNamesAreCheckedWhenRegistered() {
        assertThatThrownBy(() -> PolicyEngine.builder().policy("p", List.of("a", " "), (c, i) -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank argument name");
        assertThatThrownBy(() -> PolicyEngine.builder().policy("p", null, (c, i) -> true))
                .isInstanceOf(NullPointerException.class);
    }

    /** The class again, in a class loader of its own, without the MethodParameters attribute. */
    static Class<?> withoutParameterNames(Class<?> c) throws Exception {
        byte[] original;
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            original = in.readAllBytes();
        }
        ClassWriter out = new ClassWriter(0);
        new ClassReader(original).accept(new ClassVisitor(Opcodes.ASM9, out) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitParameter(String parameter, int access) {
                        // dropped: as compiled without -parameters
                    }
                };
            }
        }, 0);
        byte[] bytes = out.toByteArray();
        ClassLoader loader = new ClassLoader(c.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(c.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
                }
            }
        };
        return loader.loadClass(c.getName());
    }
}
