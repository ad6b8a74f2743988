/**
 * BSATN, SpacetimeDB's binary serialization, for hosts that speak SpacetimeDB's client protocol.
 *
 * <p>{@link dev.warden.host.Bsatn#codecFor(Class)} derives a {@link dev.warden.host.BsatnCodec} once per Java
 * type: records are products (their components in declaration order), enums and sealed interfaces of records are
 * sums (a {@code u8} tag, the variant's position, then its payload), {@link java.util.List} an array,
 * {@link java.util.Optional} SpacetimeDB's {@code Option}. {@link dev.warden.host.BsatnWriter} and
 * {@link dev.warden.host.BsatnReader} write and read the same encoding by hand. Decoding treats its input as
 * hostile: every failure is a {@link dev.warden.host.BsatnException} with a stable reason and the byte offset.
 */
package dev.warden.host;
