/**
 * The server behind {@link dev.warden.host.HostServer}: SpacetimeDB's HTTP routes and its
 * {@code v2.bsatn.spacetimedb} WebSocket endpoint on Jetty 12, every call going through Warden.
 */
package dev.warden.host.internal.server;
