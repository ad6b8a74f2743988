package dev.warden.host.internal.v2;

import java.util.Arrays;

/**
 * How a procedure call ended (v2.rs: {@code pub enum ProcedureStatus}, tags 0 {@code Returned(Bytes)}, 1
 * {@code InternalError(Box<str>)}).
 */
public sealed interface ProcedureStatus permits ProcedureStatus.Returned, ProcedureStatus.InternalError {

    /**
     * The procedure returned (its own errors are in its return value).
     *
     * @param value the BSATN of the return value
     */
    record Returned(byte[] value) implements ProcedureStatus {

        @Override
        public boolean equals(Object o) {
            return o instanceof Returned r && Arrays.equals(value, r.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Returned[" + value.length + " bytes]";
        }
    }

    /**
     * The call failed in the host (no such procedure, arguments that do not decode).
     *
     * @param message for diagnostics only
     */
    record InternalError(String message) implements ProcedureStatus {}
}
