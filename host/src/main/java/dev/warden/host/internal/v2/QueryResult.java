package dev.warden.host.internal.v2;

/**
 * A one-off query's result: Rust's {@code Result<QueryRows, Box<str>>} (v2.rs, {@code OneOffQueryResult::result}),
 * which SATS encodes as the sum {@code ok | err}: tag 0 then the rows, or tag 1 then the message
 * (crates/sats/src/ser/impls.rs: {@code Ok(v) => serialize_variant(0, Some("ok"), v)}, {@code Err(e) =>
 * serialize_variant(1, Some("err"), e)}).
 */
public sealed interface QueryResult permits QueryResult.Ok, QueryResult.Err {

    /**
     * The query ran.
     *
     * @param rows the matching rows
     */
    record Ok(QueryRows rows) implements QueryResult {}

    /**
     * The query failed.
     *
     * @param error for diagnostics, in the format of {@link ServerMessage.SubscriptionError#error()}
     */
    record Err(String error) implements QueryResult {}
}
