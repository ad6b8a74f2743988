package dev.warden.host.internal.v2;

/**
 * What an {@link ClientMessage.Unsubscribe} asks for (v2.rs: {@code pub enum UnsubscribeFlags { Default = 0,
 * SendDroppedRows = 1 }}, a {@code SpacetimeType} sum of unit variants: one tag byte).
 */
public enum UnsubscribeFlags {
    /** Only confirm: {@link ServerMessage.UnsubscribeApplied#rows()} is empty. */
    DEFAULT,
    /** Also send the rows the client should drop (the TypeScript SDK always asks for this). */
    SEND_DROPPED_ROWS
}
