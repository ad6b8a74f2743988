package dev.warden.host.internal.v2;

import dev.warden.host.BsatnWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a reducer call ended (v2.rs: {@code pub enum ReducerOutcome}, tags 0 {@code Ok(ReducerOk)}, 1
 * {@code OkEmpty}, 2 {@code Err(Bytes)}, 3 {@code InternalError(Box<str>)}).
 */
public sealed interface ReducerOutcome permits ReducerOutcome.Ok, ReducerOutcome.OkEmpty, ReducerOutcome.Err,
        ReducerOutcome.InternalError {

    /**
     * Committed, with a return value or row changes (v2.rs: {@code pub struct ReducerOk { pub ret_value: Bytes,
     * pub transaction_update: TransactionUpdate }}).
     *
     * @param retValue {@code ret_value}: the BSATN of the reducer's return value (empty for {@code ()})
     * @param transactionUpdate {@code transaction_update}: the caller's query sets it changed
     */
    record Ok(byte[] retValue, ServerMessage.TransactionUpdate transactionUpdate) implements ReducerOutcome {

        @Override
        public boolean equals(Object o) {
            return o instanceof Ok k && Arrays.equals(retValue, k.retValue)
                    && transactionUpdate.equals(k.transactionUpdate);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(retValue), transactionUpdate);
        }

        @Override
        public String toString() {
            return "Ok[retValue=" + retValue.length + " bytes, transactionUpdate=" + transactionUpdate + "]";
        }
    }

    /** Committed, with an empty return value and no change to the caller's query sets (saves 8 bytes). */
    record OkEmpty() implements ReducerOutcome {}

    /**
     * The reducer returned its error; nothing committed. The TypeScript SDK reads the payload as a BSATN string
     * and rejects the call with a {@code SenderError} carrying it: use {@link #of(String)}.
     *
     * @param error the BSATN of the reducer's error value
     */
    record Err(byte[] error) implements ReducerOutcome {

        /**
         * @param message the reducer's error message
         * @return the outcome the SDKs show as that message
         */
        public static Err of(String message) {
            return new Err(new BsatnWriter().writeString(message).toByteArray());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Err e && Arrays.equals(error, e.error);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(error);
        }

        @Override
        public String toString() {
            return "Err[" + error.length + " bytes]";
        }
    }

    /**
     * The reducer panicked, or could not run (no such reducer, arguments that do not decode); nothing committed.
     *
     * @param message for diagnostics only
     */
    record InternalError(String message) implements ReducerOutcome {}
}
