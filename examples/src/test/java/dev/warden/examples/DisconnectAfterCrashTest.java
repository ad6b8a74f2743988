package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Identity;
import dev.warden.db.Database;
import dev.warden.db.Schema;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.examples.quickstart.QuickstartChat.User;
import dev.warden.host.HostServer;
import dev.warden.policy.host.Warden;
import dev.warden.storage.Storage;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host killed (SIGKILL) while a client is connected never ran that client's {@code @OnDisconnect}; the next start
 * runs it, as SpacetimeDB runs {@code client_disconnected} for the clients its {@code st_client} still records.
 */
class DisconnectAfterCrashTest {

    @TempDir
    Path data;

    @SuppressWarnings("try")
    List<User> storedUsers() {
        Database db = Database.create(Schema.forModule(QuickstartChat.class));
        try (Storage s = Storage.at(data).format(new dev.warden.host.internal.server.BsatnRowFormat()).open(db)) {
            return db.read(() -> List.copyOf(db.db().table(User.class).all()));
        }
    }

    @Test
    @SuppressWarnings("try")
    void aClientConnectedWhenTheHostWasKilledIsDisconnectedAtTheNextStart() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ChatCrashHost.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Identity alice;
        try {
            URI host = URI.create("http://127.0.0.1:" + dev.warden.examples.keynote.CrashTest.awaitReady(child));
            try (ChatSocket socket = new ChatSocket(host, null)) {
                alice = socket.identity();
                // SubscribeApplied is held until the connect hook's commit is durable
                assertThat(socket.subscribe("SELECT * FROM user", User.class))
                        .containsExactly(new User(alice, Optional.empty(), true));
                child.destroyForcibly().waitFor();   // SIGKILL: @OnDisconnect never runs
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(storedUsers()).as("the kill left the user online in the store")
                .containsExactly(new User(alice, Optional.empty(), true));

        AtomicReference<Warden<QuickstartChat>> warden = new AtomicReference<>();
        try (HostServer restarted = ChatCrashHost.start(data, warden::set)) {
            var db = warden.get().database();
            assertThat(db.read(() -> List.copyOf(db.db().table(User.class).all())))
                    .as("the start ran the killed connection's @OnDisconnect")
                    .containsExactly(new User(alice, Optional.empty(), false));
        }
        assertThat(storedUsers()).containsExactly(new User(alice, Optional.empty(), false));
        AtomicReference<Warden<QuickstartChat>> again = new AtomicReference<>();
        try (HostServer third = ChatCrashHost.start(data, again::set)) {
            var db = again.get().database();
            db.write(() -> db.db().table(User.class).unique(User::identity)
                    .update(new User(alice, Optional.of("marker"), true)));
        }
        // the record was cleared with the disconnect: a later start does not run it again (online stays as written,
        // since nobody was connected when the third host closed)
        assertThat(storedUsers()).containsExactly(new User(alice, Optional.of("marker"), true));
    }
}
