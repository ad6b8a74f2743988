package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.host.internal.server.Query;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The subscription SQL SpacetimeDB's SDKs send. The TypeScript SDK's typed builder ({@code subscribe(tables.posts)})
 * quotes the table name, {@code SELECT * FROM "posts"}, which the host refused ("unsupported query").
 */
class QueryParseTest {

    private static final String TOO_LONG = "unsupported query: longer than 4096 characters";

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
    void everyLiteralKindAndSpacing() {
        assertThat(Query.parse(" \tSeLeCt\n*\rFROM  _t1 \f;\u000B")).isEqualTo(new Query("_t1", null, null));
        assertThat(Query.parse("SELECT * FROM t WHERE c='' ")).isEqualTo(new Query("t", "c", ""));
        assertThat(Query.parse("SELECT * FROM t WHERE c = ''''")).isEqualTo(new Query("t", "c", "'"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = 'a;b WHERE'")).isEqualTo(new Query("t", "c", "a;b WHERE"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = -42")).isEqualTo(new Query("t", "c", "-42"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = 007;")).isEqualTo(new Query("t", "c", "007"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = TRUE")).isEqualTo(new Query("t", "c", "TRUE"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = false")).isEqualTo(new Query("t", "c", "false"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = 0xC0ffee")).isEqualTo(new Query("t", "c", "0xC0ffee"));
        assertThat(Query.parse("SELECT * FROM t WHERE c = 0X1f")).isEqualTo(new Query("t", "c", "0X1f"));
        assertThat(Query.parse("SELECT * FROM \"t\" WHERE c = 1")).isEqualTo(new Query("t", "c", "1"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String sql : new String[] {"SELECT * FROM \"posts", "SELECT * FROM \"po\"sts\"", "SELECT * FROM \"\"",
                "SELECT id FROM posts", "SELECT * FROM posts; DROP TABLE posts", "", " ", "SELECT * FROM",
                "SELECT*FROM t", "SELECT * FROMt", "SELECTX * FROM t", "SELECT * FROM 1t", "SELECT * FROM t;;",
                "SELECT * FROM t WHERE", "SELECT * FROM t WHERE c", "SELECT * FROM t WHERE c =",
                "SELECT * FROM t WHERE c = 'open", "SELECT * FROM t WHERE c = 'a''", "SELECT * FROM t WHERE c = -",
                "SELECT * FROM t WHERE c = 0x", "SELECT * FROM t WHERE c = 0xg", "SELECT * FROM t WHERE c = truex",
                "SELECT * FROM t WHERE c = 1 2", "SELECT * FROM t WHERE c = 'a' 'b'", "SELECT * FROM t WHERE c = x",
                "SELECT * FROM t WHERE c == 1", "SELECT * FROM t WHERE\"c\" = 1", "SELECT * FROM \"t\"WHERE c = 1",
                "SELECT * FROM tWHERE c = 1", "SELECT * FROM t WHERE c = 1 AND d = 2", "SELECT * FROM t x",
                "SELECT * FROM t WHERE c = 1x", "SELECT * FROM t WHERE c = -0x1", "SELECT * FROM \u00e9t"}) {
            assertThatThrownBy(() -> Query.parse(sql)).as(sql).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unsupported query: only SELECT * FROM <table> [WHERE <column> = <literal>] is "
                            + "supported");
        }
    }

    /** HIGH 1: the regex backtracked quadratically over a run of spaces (3.9 s for 60,000), under the lock. */
    @Test
    void longRunsOfSpacesAreRefusedAtOnce() {
        String hostile = "SELECT * FROM t" + " ".repeat(60_000) + "x";
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThatThrownBy(() -> Query.parse(hostile))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(TOO_LONG));
        // within the cap the scanner is linear: the longest run it accepts is refused by the 'x', not by the cap
        String inCap = "SELECT * FROM t" + " ".repeat(4_096 - 16) + "x";
        assertThatThrownBy(() -> Query.parse(inCap)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unsupported query: only SELECT");
        assertThat(Query.parse("SELECT * FROM t" + " ".repeat(4_096 - 15))).isEqualTo(new Query("t", null, null));
    }

    /** LOW 9: '(?:[^']|'')*' recursed once per character; ~5,000 characters threw StackOverflowError. */
    @Test
    void longLiteralsNeitherOverflowTheStackNorPassTheCap() {
        String huge = "SELECT * FROM t WHERE c = '" + "a".repeat(100_000) + "'";
        assertThatThrownBy(() -> Query.parse(huge)).isInstanceOf(IllegalArgumentException.class).hasMessage(TOO_LONG);
        String prefix = "SELECT * FROM t WHERE c = '";
        String body = "ab''".repeat((4_096 - prefix.length() - 1) / 4);
        Query q = Query.parse(prefix + body + "'");
        assertThat(q.literal()).isEqualTo("ab'".repeat(body.length() / 4));
    }
}
