package dev.warden.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.db.Access;
import dev.warden.db.Database;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Schema;
import dev.warden.db.Table;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module changed between two starts in a way its column names and Java types do not show: an enum's constants
 * (stored by ordinal), a nested record's fields, the primary key. Each version of a class is compiled apart and
 * loaded by a loader of its own, so both carry the same Java name, as a rebuilt module does.
 */
@SuppressWarnings("try")
class SchemaChangeTest {

    @TempDir
    Path dir;
    @TempDir
    Path classes;

    @Table(name = "ban", access = Access.PRIVATE)
    record BanByIdentity(@PrimaryKey String identity, String reason) {}

    @Table(name = "ban", access = Access.PRIVATE)
    record BanByReason(String identity, @PrimaryKey String reason) {}

    Storage open(Database db) {
        return Storage.at(dir).format(new TestFormat()).open(db);
    }

    /** Compiles the sources (file name to text) apart and loads the class named {@code row} from them. */
    Class<?> version(String name, Map<String, String> sources, String row) throws IOException {
        Path src = Files.createDirectories(classes.resolve(name + "-src"));
        Path out = Files.createDirectories(classes.resolve(name));
        List<String> args = new java.util.ArrayList<>(List.of("-d", out.toString(), "-classpath",
                System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", "")));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
        try {
            return loader.loadClass(row);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static final String MEMBER = """
            package m;
            @dev.warden.db.Table(name = "member", access = dev.warden.db.Access.PRIVATE)
            public record Member(@dev.warden.db.PrimaryKey long id, Role role) {}
            """;

    Class<?> member(String name, String roleConstants) throws IOException {
        return version(name, Map.of("Role.java", "package m; public enum Role { " + roleConstants + " }",
                "Member.java", MEMBER), "m.Member");
    }

    static Record row(Class<?> type, Object... values) {
        try {
            Class<?>[] types = java.util.Arrays.stream(type.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
            return (Record) type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static Object constant(Class<?> member, String name) {
        Class<?> role = member.getRecordComponents()[1].getType();
        for (Object k : role.getEnumConstants()) {
            if (((Enum<?>) k).name().equals(name)) {
                return k;
            }
        }
        throw new AssertionError(name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void insert(Database db, Class<?> type, Record row) {
        db.write(() -> db.db().table((Class) type).insert(row));
    }

    @Test
    void reorderedEnumConstantsAreRefusedNamingTableAndColumn() throws IOException {
        Class<?> before = member("v1", "USER, ADMIN");
        Database db = Database.create(Schema.of(List.of(before)));
        try (Storage s = open(db)) {
            insert(db, before, row(before, 1L, constant(before, "ADMIN")));
        }
        Class<?> after = member("v2", "ADMIN, USER");
        assertThat(after.getRecordComponents()[1].getGenericType().getTypeName()).isEqualTo("m.Role");
        assertThatThrownBy(() -> open(Database.create(Schema.of(List.of(after)))))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.INCOMPATIBLE_SCHEMA))
                .hasMessage("the module's tables changed incompatibly with the stored ones: table member: column role"
                        + " (m.Role): its variants were <USER, ADMIN> and are <ADMIN, USER> (a stored value keeps its"
                        + " variant's position: variants may only be appended)");
    }

    @Test
    void aRemovedOrRenamedEnumConstantIsRefusedAndAnAppendedOneIsKept() throws IOException {
        Class<?> before = member("v1", "USER, ADMIN");
        Database db = Database.create(Schema.of(List.of(before)));
        try (Storage s = open(db)) {
            insert(db, before, row(before, 1L, constant(before, "ADMIN")));
        }
        Class<?> renamed = member("v2", "USER, OWNER");
        assertThatThrownBy(() -> open(Database.create(Schema.of(List.of(renamed)))))
                .hasMessageContaining("table member: column role (m.Role): its variants were <USER, ADMIN> and are"
                        + " <USER, OWNER>");
        Class<?> removed = member("v3", "USER");
        assertThatThrownBy(() -> open(Database.create(Schema.of(List.of(removed)))))
                .hasMessageContaining("table member: column role (m.Role): its variants were <USER, ADMIN> and are"
                        + " <USER>");
        Class<?> appended = member("v4", "USER, ADMIN, GUEST");
        Database db4 = Database.create(Schema.of(List.of(appended)));
        try (Storage s = open(db4)) {
            assertThat(db4.read(() -> db4.rows("member"))).containsExactly(row(appended, 1L,
                    constant(appended, "ADMIN")));
        }
        // the appended layout is the stored one now: removing the new constant again is refused
        assertThatThrownBy(() -> open(Database.create(Schema.of(List.of(before)))))
                .hasMessageContaining("its variants were <USER, ADMIN, GUEST> and are <USER, ADMIN>");
    }

    @Test
    void aRetypedFieldOfANestedRecordIsRefused() throws IOException {
        String holder = """
                package m;
                @dev.warden.db.Table(name = "member", access = dev.warden.db.Access.PRIVATE)
                public record Member(@dev.warden.db.PrimaryKey long id, Role role) {}
                """;
        // the nested "enum" is a record here: the test format stores it through its one long field
        Class<?> before = version("v1", Map.of("Member.java", holder.replace("Role role", "Score score"),
                "Score.java", "package m; public record Score(long points) {}"), "m.Member");
        Class<?> after = version("v2", Map.of("Member.java", holder.replace("Role role", "Score score"),
                "Score.java", "package m; public record Score(int points) {}"), "m.Member");
        RowFormat nested = new NestedFormat();
        Database db = Database.create(Schema.of(List.of(before)));
        try (Storage s = Storage.at(dir).format(nested).open(db)) {
            assertThat(s.rowsLoaded()).isZero();
        }
        assertThatThrownBy(() -> Storage.at(dir).format(nested).open(Database.create(Schema.of(List.of(after)))))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.INCOMPATIBLE_SCHEMA))
                .hasMessage("the module's tables changed incompatibly with the stored ones: table member: column score"
                        + " (m.Score): field points was i64 and is i32");
    }

    /** The test format, with a record of scalars as a product (its structure only: no row is stored). */
    static final class NestedFormat implements RowFormat {
        @Override
        public ColumnCodec codecFor(java.lang.reflect.Type type) {
            if (type instanceof Class<?> c && c.isRecord()) {
                List<StoredType.Member> fields = new java.util.ArrayList<>();
                for (var rc : c.getRecordComponents()) {
                    fields.add(new StoredType.Member(rc.getName(), new TestFormat().codecFor(rc.getGenericType())
                            .structure()));
                }
                return new ColumnCodec() {
                    @Override
                    public byte[] encode(Object value) {
                        throw new UnsupportedOperationException("no row is stored");
                    }

                    @Override
                    public Object decode(byte[] bytes) {
                        throw new UnsupportedOperationException("no row is stored");
                    }

                    @Override
                    public StoredType structure() {
                        return new StoredType.Product(fields);
                    }
                };
            }
            return new TestFormat().codecFor(type);
        }
    }

    @Test
    void aMovedPrimaryKeyRewritesTheStoredKeysSoADeleteAfterARestartDeletes() {
        Database first = Database.create(Schema.of(List.of(BanByIdentity.class)));
        try (Storage s = open(first)) {
            first.write(() -> first.db().table(BanByIdentity.class).insert(new BanByIdentity("alice", "spam")));
        }
        Database second = Database.create(Schema.of(List.of(BanByReason.class)));
        try (Storage s = open(second)) {
            assertThat(second.read(() -> second.db().table(BanByReason.class).all()))
                    .containsExactly(new BanByReason("alice", "spam"));
            second.write(() -> second.db().table(BanByReason.class).unique(BanByReason::reason).delete("spam"));
        }
        Database third = Database.create(Schema.of(List.of(BanByReason.class)));
        try (Storage s = open(third)) {
            assertThat(s.rowsLoaded()).isZero();
            assertThat(third.read(() -> third.db().table(BanByReason.class).all())).isEmpty();
        }
    }
}
