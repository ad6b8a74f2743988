/**
 * Warden host: a host SpacetimeDB's client SDKs can talk to. {@link dev.warden.host.HostServer} serves a module
 * through Warden on Jetty 12 with SpacetimeDB's HTTP routes and the {@code v2.bsatn.spacetimedb} WebSocket
 * protocol; {@code dev.warden.host} also holds BSATN, SpacetimeDB's binary serialization (codecs derived from
 * records, enums and sealed interfaces, and a reader/writer pair); {@code dev.warden.host.internal.v2} the
 * protocol's messages.
 */
module dev.warden.host {
    requires transitive dev.warden.policy;
    requires transitive dev.warden.storage;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires org.eclipse.jetty.server;
    requires org.slf4j;
    requires org.eclipse.jetty.websocket.server;
    requires transitive org.eclipse.jetty.websocket.api;

    exports dev.warden.host;
    // Jetty binds a WebSocket endpoint's methods with MethodHandles.publicLookup(), which reaches only packages
    // exported to everyone: this one holds just the endpoint Jetty calls, and is not API
    exports dev.warden.host.internal.ws;
}
