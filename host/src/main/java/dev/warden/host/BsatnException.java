package dev.warden.host;

import java.util.Objects;

/**
 * Bytes are not a valid BSATN encoding of the expected type. {@link #reason()} is the stable, machine-readable
 * cause and {@link #offset()} where in the input it was found; the message is for humans and never quotes the
 * input's content (a string in a message may be a token or a user's data).
 *
 * <p>A reader that threw is left at an unspecified position: a decoder stops at its first failure.
 */
public final class BsatnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why bytes were refused. The names are stable: hosts map them to close codes and metrics. */
    public enum Reason {
        /** The input ended inside a value. */
        TRUNCATED,
        /**
         * A string's, byte array's or array's length is larger than what remains of the input (an array is
         * counted at least one byte an element), so it is refused before anything is allocated.
         */
        LENGTH_EXCEEDS_INPUT,
        /** A {@code bool} byte other than 0 or 1. */
        INVALID_BOOL,
        /** A sum's tag names no variant (for {@code Option}: neither 0, some, nor 1, none). */
        UNKNOWN_TAG,
        /** A string's bytes are not well-formed UTF-8 (overlong forms, surrogates, bad continuation...). */
        INVALID_UTF8,
        /** The value ended before the input did. */
        TRAILING_BYTES,
        /** Products, sums, arrays and options nest deeper than the reader allows. */
        TOO_DEEP,
        /**
         * The arrays of one input hold more elements in all than the input has bytes: only elements of zero bytes
         * (empty records) can do that, and each would otherwise be allocated.
         */
        TOO_MANY_ELEMENTS,
        /** Well-formed bytes whose value the type refuses (a record's constructor threw, for example). */
        INVALID_VALUE
    }

    /** The stable cause. */
    private final Reason reason;
    /** Where in the input. */
    private final int offset;

    /**
     * @param reason the stable cause
     * @param offset the offset in the input of the value, length, tag or byte at fault
     * @param message a human-readable explanation that must not quote the input
     */
    public BsatnException(Reason reason, int offset, String message) {
        this(reason, offset, message, null);
    }

    /**
     * @param reason the stable cause
     * @param offset the offset in the input of the value, length, tag or byte at fault
     * @param message a human-readable explanation that must not quote the input
     * @param cause the underlying failure, if any
     */
    public BsatnException(Reason reason, int offset, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + " at byte " + offset + ": "
                + Objects.requireNonNull(message, "message"), cause);
        this.reason = reason;
        this.offset = offset;
    }

    /** @return the stable cause */
    public Reason reason() {
        return reason;
    }

    /** @return the offset in the input of the value, length, tag or byte at fault */
    public int offset() {
        return offset;
    }
}
