package dev.warden.host.internal.v2;

/**
 * A {@link ClientMessage.CallProcedure}'s flags, reserved. In common.rs this is a {@code u8} whose only valid value
 * is 0 ({@code x => Err("invalid call procedure flag")}); encoded like {@link CallReducerFlags}.
 */
public enum CallProcedureFlags {
    /** The only value: 0. */
    DEFAULT
}
