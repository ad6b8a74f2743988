/** The WebSocket endpoint Jetty calls, exported only because Jetty requires it; not API. */
package dev.warden.host.internal.ws;
