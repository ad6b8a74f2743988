/**
 * Warden host: what a host needs to speak SpacetimeDB's client protocol. {@code dev.warden.host} is BSATN,
 * SpacetimeDB's binary serialization (codecs derived from records, enums and sealed interfaces, and a
 * reader/writer pair for hand-written messages); {@code dev.warden.host.internal.v2} holds the messages of the
 * {@code v2.bsatn.spacetimedb} WebSocket protocol.
 */
module dev.warden.host {
    requires transitive dev.warden.policy;

    exports dev.warden.host;
}
