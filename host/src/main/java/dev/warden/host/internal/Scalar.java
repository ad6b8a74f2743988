package dev.warden.host.internal;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The codecs of the types BSATN writes directly: numbers, strings, byte arrays, identities and times. */
final class Scalar<T> extends Codec<T> {

    static final Codec<BigInteger> I128 = new Scalar<>("i128", 16, BsatnReader::readI128, BsatnWriter::writeI128);
    static final Codec<BigInteger> U128 = new Scalar<>("u128", 16, BsatnReader::readU128, BsatnWriter::writeU128);

    private static final Codec<Boolean> BOOL = new Scalar<>("bool", 1, BsatnReader::readBool, BsatnWriter::writeBool);
    private static final Codec<Byte> BYTE = new Scalar<>("u8", 1, BsatnReader::readByte, BsatnWriter::writeByte);
    private static final Codec<Short> SHORT = new Scalar<>("u16", 2, BsatnReader::readShort, BsatnWriter::writeShort);
    private static final Codec<Integer> INT = new Scalar<>("u32", 4, BsatnReader::readInt, BsatnWriter::writeInt);
    private static final Codec<Long> LONG = new Scalar<>("u64", 8, BsatnReader::readLong, BsatnWriter::writeLong);
    private static final Codec<Float> FLOAT = new Scalar<>("f32", 4, BsatnReader::readFloat, BsatnWriter::writeFloat);
    private static final Codec<Double> DOUBLE =
            new Scalar<>("f64", 8, BsatnReader::readDouble, BsatnWriter::writeDouble);

    /** Java classes with a direct encoding; {@code BigInteger} is absent: it depends on {@code @Unsigned}. */
    static final Map<Class<?>, Codec<?>> BY_CLASS = Map.ofEntries(
            Map.entry(boolean.class, BOOL), Map.entry(Boolean.class, BOOL),
            Map.entry(byte.class, BYTE), Map.entry(Byte.class, BYTE),
            Map.entry(short.class, SHORT), Map.entry(Short.class, SHORT),
            Map.entry(int.class, INT), Map.entry(Integer.class, INT),
            Map.entry(long.class, LONG), Map.entry(Long.class, LONG),
            Map.entry(float.class, FLOAT), Map.entry(Float.class, FLOAT),
            Map.entry(double.class, DOUBLE), Map.entry(Double.class, DOUBLE),
            Map.entry(String.class, new Scalar<>("String", 4, BsatnReader::readString, BsatnWriter::writeString)),
            Map.entry(byte[].class, new Scalar<>("bytes", 4, BsatnReader::readBytes, BsatnWriter::writeBytes)),
            Map.entry(Identity.class,
                    new Scalar<>("Identity", 32, BsatnReader::readIdentity, BsatnWriter::writeIdentity)),
            Map.entry(ConnectionId.class,
                    new Scalar<>("ConnectionId", 16, BsatnReader::readConnectionId, BsatnWriter::writeConnectionId)),
            Map.entry(Instant.class,
                    new Scalar<>("Timestamp", 8, BsatnReader::readTimestamp, BsatnWriter::writeTimestamp)),
            Map.entry(Duration.class,
                    new Scalar<>("TimeDuration", 8, BsatnReader::readTimeDuration, BsatnWriter::writeTimeDuration)));

    private final String name;
    private final int minSize;
    private final Function<BsatnReader, T> reader;
    private final BiConsumer<BsatnWriter, T> writer;

    private Scalar(String name, int minSize, Function<BsatnReader, T> reader, BiConsumer<BsatnWriter, T> writer) {
        this.name = name;
        this.minSize = minSize;
        this.reader = reader;
        this.writer = writer;
    }

    @Override
    public int minSize() {
        return minSize;
    }

    @Override
    public void write(BsatnWriter out, T value) {
        writer.accept(out, Objects.requireNonNull(value, name));
    }

    @Override
    public T read(BsatnReader in) {
        return reader.apply(in);
    }

    @Override
    public String toString() {
        return name;
    }
}
