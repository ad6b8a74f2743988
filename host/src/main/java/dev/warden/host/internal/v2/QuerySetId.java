package dev.warden.host.internal.v2;

/**
 * A client-chosen id of a subscribed query set (common.rs: {@code pub struct QuerySetId { pub id: u32 }}).
 *
 * @param id the id, a {@code u32}
 */
public record QuerySetId(int id) {}
