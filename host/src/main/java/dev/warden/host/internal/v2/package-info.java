/**
 * The messages of SpacetimeDB's {@code v2.bsatn.spacetimedb} WebSocket protocol, as records and sealed
 * interfaces whose BSATN is derived by {@link dev.warden.host.Bsatn}: the client's {@link
 * dev.warden.host.internal.v2.ClientMessage}s, which the host decodes, and the server's {@link
 * dev.warden.host.internal.v2.ServerMessage}s, which it encodes (see {@link dev.warden.host.internal.v2.V2Protocol}).
 *
 * <p>Read from SpacetimeDB at commit fb7282411b0b, {@code crates/client-api-messages/src/websocket/v2.rs} and
 * {@code common.rs}: every record's components, every sum's variants, are in the order the Rust source declares
 * them (which is the order on the wire), and the Rust names are kept in camel case. Byte arrays in these records
 * are not copied: the messages are values in flight, built and read once.
 */
package dev.warden.host.internal.v2;
