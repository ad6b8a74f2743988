package dev.warden.host.server;

import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.Unsigned;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.VisibleRows;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** The tables SQL tests query (in a package open to Warden's modules). */
public final class SqlChatModule {

    private SqlChatModule() {}

    /** A module with a public table, an owner-ruled one and a private one. */
    @Authenticated
    public static class Chat {
        @Table(name = "user", access = Access.PUBLIC)
        public record User(@PrimaryKey Identity identity, String name, boolean online) {}

        @Table(name = "message", access = Access.PUBLIC)
        public record Message(@PrimaryKey long id, @Indexed Identity sender, String text, Instant sent,
                              @Unsigned BigInteger amount, int likes, @Unsigned int views, double score,
                              List<String> tags) {}

        @Table(name = "letter", access = Access.PUBLIC)
        @VisibleRows(owner = "recipient")
        public record Letter(@PrimaryKey long id, @Indexed Identity recipient, String text) {}

        @Table(name = "secret", access = Access.PRIVATE)
        public record Secret(@PrimaryKey Identity owner, String value) {}
    }

}
