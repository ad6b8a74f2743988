package dev.warden.host;

/**
 * Encodes and decodes one Java type as BSATN. Codecs from {@link Bsatn#codecFor(Class)} are immutable and
 * thread-safe, derived once per type, and use no reflection per value.
 *
 * @param <T> the Java type
 */
public interface BsatnCodec<T> {

    /**
     * Writes one value.
     *
     * @param out where to write
     * @param value the value
     * @throws IllegalArgumentException if BSATN cannot carry it (see {@link BsatnWriter})
     * @throws NullPointerException if it, or a component of it that is not an {@code Optional}, is null
     */
    void write(BsatnWriter out, T value);

    /**
     * Reads one value, leaving the reader just after it (so several values can be read from one input).
     *
     * @param in where to read
     * @return the value
     * @throws BsatnException if the bytes are not a value of the type
     */
    T read(BsatnReader in);

    /**
     * @param value the value
     * @return its BSATN encoding
     * @throws IllegalArgumentException if BSATN cannot carry it (see {@link BsatnWriter})
     * @throws NullPointerException if it, or a component of it that is not an {@code Optional}, is null
     */
    default byte[] encode(T value) {
        BsatnWriter out = new BsatnWriter();
        write(out, value);
        return out.toByteArray();
    }

    /**
     * Decodes exactly one value: the bytes must hold nothing else.
     *
     * @param bsatn the encoding, untrusted
     * @return the value
     * @throws BsatnException if the bytes are not exactly one value of the type (reason
     *     {@link BsatnException.Reason#TRAILING_BYTES} if the value ends early)
     */
    default T decode(byte[] bsatn) {
        BsatnReader in = new BsatnReader(bsatn);
        T value = read(in);
        in.requireEnd();
        return value;
    }
}
