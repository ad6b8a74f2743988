package dev.warden.host;

import dev.warden.host.internal.CodecFactory;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The codecs of Java types. The mapping to SpacetimeDB's types:
 *
 * <table>
 * <caption>Java types and their BSATN</caption>
 * <tr><th>Java</th><th>SpacetimeDB</th><th>bytes</th></tr>
 * <tr><td>{@code boolean}</td><td>{@code bool}</td><td>1, 0 or 1 (any other byte is refused)</td></tr>
 * <tr><td>{@code byte}, {@code short}, {@code int}, {@code long}</td><td>{@code u8}/{@code i8} ...
 *     {@code u64}/{@code i64}</td><td>1, 2, 4, 8, little-endian (the unsigned types keep their bits)</td></tr>
 * <tr><td>{@code BigInteger}</td><td>{@code i128}, or {@code u128} if {@link Unsigned}</td><td>16,
 *     little-endian</td></tr>
 * <tr><td>{@code float}, {@code double}</td><td>{@code f32}, {@code f64}</td><td>4, 8</td></tr>
 * <tr><td>{@code String}</td><td>{@code String}</td><td>{@code u32} length, UTF-8</td></tr>
 * <tr><td>{@code byte[]}</td><td>{@code Vec<u8>}</td><td>{@code u32} length, bytes</td></tr>
 * <tr><td>{@code List<T>}</td><td>{@code Vec<T>}</td><td>{@code u32} count, elements</td></tr>
 * <tr><td>{@code Optional<T>}</td><td>{@code Option<T>}</td><td>tag 0 then the value, or tag 1</td></tr>
 * <tr><td>a record</td><td>a product</td><td>its components in declaration order</td></tr>
 * <tr><td>an enum</td><td>a sum of unit variants</td><td>{@code u8} tag: the constant's ordinal</td></tr>
 * <tr><td>a sealed interface of records</td><td>a sum</td><td>{@code u8} tag: the record's position in
 *     {@code permits}, then the record</td></tr>
 * <tr><td>{@code Identity}</td><td>{@code Identity}</td><td>32, little-endian (the hex's bytes reversed)</td></tr>
 * <tr><td>{@code ConnectionId}</td><td>{@code ConnectionId}</td><td>16, little-endian</td></tr>
 * <tr><td>{@code Instant}</td><td>{@code Timestamp}</td><td>{@code i64} microseconds since the epoch</td></tr>
 * <tr><td>{@code Duration}</td><td>{@code TimeDuration}</td><td>{@code i64} microseconds</td></tr>
 * </table>
 *
 * <p>A sealed interface's tags follow its {@code permits} clause, as the class file records it: write the
 * clause explicitly, in the order of the Rust enum. Records may refer to themselves (a tree), through a
 * {@code List} or {@code Optional}. Generic records, raw or wildcard types, arrays other than {@code byte[]} and
 * other classes are refused when the codec is derived, with {@link IllegalArgumentException}. The records' and
 * enums' packages must be open to {@code dev.warden.host}, or the types public in exported packages.
 */
public final class Bsatn {

    private Bsatn() {}

    /**
     * @param type the Java type
     * @param <T> the Java type
     * @return its codec, derived on first use and cached
     * @throws IllegalArgumentException if the type, or a type it contains, has no BSATN mapping
     */
    public static <T> BsatnCodec<T> codecFor(Class<T> type) {
        @SuppressWarnings("unchecked") // the factory derives a codec of exactly this class
        BsatnCodec<T> codec = (BsatnCodec<T>) CodecFactory.codecFor(Objects.requireNonNull(type, "type"));
        return codec;
    }

    /**
     * @param type the Java type, such as a {@code List<Row>} from {@link java.lang.reflect.ParameterizedType}
     * @return its codec, derived on first use and cached ({@code BigInteger}s in it are {@code i128}: type
     *     annotations are not part of a {@code Type})
     * @throws IllegalArgumentException if the type, or a type it contains, has no BSATN mapping
     */
    public static BsatnCodec<?> codecFor(Type type) {
        return CodecFactory.codecFor(Objects.requireNonNull(type, "type"));
    }
}
