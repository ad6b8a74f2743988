package dev.warden.host.internal.v2;

/**
 * A {@link ClientMessage.CallReducer}'s flags, reserved. In v2.rs this is a {@code u8} whose only valid value is 0
 * ({@code impl_deserialize!}: {@code 0 => Ok(Self::Default), x => Err("invalid call reducer flag")}); an enum of one
 * constant has exactly that encoding, one byte 0, and refuses any other byte (as an unknown tag).
 */
public enum CallReducerFlags {
    /** The only value: 0. */
    DEFAULT
}
