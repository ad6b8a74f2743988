package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.host.internal.server.Query;
import org.junit.jupiter.api.Test;

/**
 * The subscription SQL SpacetimeDB's SDKs send. The TypeScript SDK's typed builder ({@code subscribe(tables.posts)})
 * quotes the table name, {@code SELECT * FROM "posts"}, which the host refused ("unsupported query").
 */
class QueryParseTest {

    @Test
    void quotedIdentifiersAsTheTypedBuilderWritesThem() {
        assertThat(Query.parse("SELECT * FROM \"posts\"")).isEqualTo(new Query("posts", null, null));
        assertThat(Query.parse("SELECT * FROM \"posts\" WHERE \"text\" = 'it''s'"))
                .isEqualTo(new Query("posts", "text", "it's"));
    }

    @Test
    void bareIdentifiersAsBefore() {
        assertThat(Query.parse("select * from posts where id = 7;")).isEqualTo(new Query("posts", "id", "7"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String sql : new String[] {"SELECT * FROM \"posts", "SELECT * FROM \"po\"sts\"", "SELECT * FROM \"\"",
                "SELECT id FROM posts", "SELECT * FROM posts; DROP TABLE posts"}) {
            assertThatThrownBy(() -> Query.parse(sql)).as(sql).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unsupported query");
        }
    }
}
