package dev.warden.host.internal.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnException;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import dev.warden.host.internal.schema.ModuleDefs;
import dev.warden.host.internal.schema.Sats;
import dev.warden.host.internal.schema.Sats.AlgebraicType;
import dev.warden.host.internal.schema.Sats.ProductTypeElement;
import dev.warden.host.internal.schema.Sats.SumTypeVariant;
import dev.warden.host.internal.schema.Sats.Typespace;
import dev.warden.policy.SpecialTypes;
import java.io.IOException;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SpacetimeDB's JSON for values on the HTTP routes (SATS-JSON, crates/sats/src/ser/serde.rs and de/serde.rs), with
 * types as {@link ModuleDefs#describe} maps Java types and values as the host's BSATN codecs encode them: a value is
 * encoded to BSATN by its codec, and the bytes read back as JSON by its SpacetimeDB type, so there is one mapping
 * of Java types (the codecs') and one of SpacetimeDB types (this class's).
 *
 * <p>Written as SpacetimeDB writes an untyped {@code AlgebraicValue} ({@code SerdeWrapper}, a procedure's result,
 * a {@code /sql} row): a product is a JSON array of its elements (a Timestamp {@code [micros]}, an Identity
 * {@code ["0x..."]}, a ConnectionId {@code [u128]}); a sum, an {@code Option} too, is {@code [tag, payload]}, a unit
 * payload {@code []}; a {@code u128}/{@code i128} a plain number; a {@code u256}/{@code i256} a {@code "0x..."}
 * string; bytes a hex string; a non-finite float {@code null}.
 *
 * <p>Read as SpacetimeDB reads a typed argument: a product from an array or an object by element names; a sum from
 * {@code {"name": payload}}, {@code {"tag": payload}} or {@code [tag or name, payload]}, an {@code Option} also
 * from {@code null}; bytes from a hex string or an array of numbers. An argument in none of these forms is taken
 * in the forms the host took before (Jackson's plain JSON: records as objects, enum constants by name, an
 * {@code Identity}, {@code ConnectionId} or {@code Instant} in a form {@link SpecialTypes} takes). Errors count
 * arguments from 0.
 */
final class Json {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger U64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger U256_LIMIT = BigInteger.ONE.shiftLeft(256);

    /** The forms the host took before SpacetimeDB's, and the plain JSON of a result SpacetimeDB cannot type. */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Identity.class, new IdentityOut())
            .addDeserializer(Identity.class, new Special<>(Identity.class))
            .addDeserializer(ConnectionId.class, new Special<>(ConnectionId.class))
            .addDeserializer(Instant.class, new Special<>(Instant.class)));

    private Json() {}

    /**
     * A Java type with its SpacetimeDB type and codec.
     *
     * @param java the Java type
     * @param sats its SpacetimeDB type, or null if it has none
     * @param codec its codec, or null if it has none
     */
    record Typed(Type java, ModuleDefs.Described sats, BsatnCodec<Object> codec) {

        /**
         * @param java a Java type
         * @param annotated the same with its type annotations, or null
         * @param codec its codec, or null
         * @return it typed as far as it can be
         */
        @SuppressWarnings("unchecked")
        static Typed of(Type java, AnnotatedType annotated, BsatnCodec<?> codec) {
            ModuleDefs.Described sats;
            try {
                sats = ModuleDefs.describe(java, annotated);
            } catch (IllegalArgumentException e) {
                sats = null;
            }
            return new Typed(java, sats, (BsatnCodec<Object>) codec);
        }

        /** @return whether values of it travel as SpacetimeDB's JSON */
        boolean typed() {
            return sats != null && (codec != null || sats.type().equals(Sats.UNIT));
        }
    }

    // ---- writing

    /**
     * @param value what an entry point returned
     * @param type its type
     * @return its JSON: SpacetimeDB's, or, for a type SpacetimeDB cannot describe (a {@code Map}) or a {@code null}
     *     (which no SpacetimeDB value is), plain JSON
     */
    static byte[] result(Object value, Typed type) {
        if (!type.typed() || value == null && type.codec() != null) {
            return write(value);
        }
        if (type.codec() == null) {
            return write(NODES.arrayNode());   // the unit value, what a void procedure returns
        }
        BsatnWriter out = new BsatnWriter();
        type.codec().write(out, value);
        return write(value(out.toByteArray(), type.sats().type(), type.sats().typespace()));
    }

    /**
     * @param bsatn one value's BSATN
     * @param type its type
     * @param typespace what its refs index
     * @return it as SpacetimeDB writes an untyped value
     * @throws BsatnException if the bytes are not one value of the type
     */
    static JsonNode value(byte[] bsatn, AlgebraicType type, Typespace typespace) {
        BsatnReader in = new BsatnReader(bsatn);
        JsonNode n = read(in, type, typespace);
        in.requireEnd();
        return n;
    }

    private static JsonNode read(BsatnReader in, AlgebraicType type, Typespace ts) {
        if (type instanceof Sats.Ref r) {
            return read(in, ts.types().get(r.ref()), ts);
        }
        if (type instanceof Sats.Product p) {
            in.enter();
            ArrayNode a = NODES.arrayNode();
            for (ProductTypeElement e : p.type().elements()) {
                a.add(read(in, e.algebraicType(), ts));
            }
            in.exit();
            return a;
        }
        if (type instanceof Sats.Sum s) {
            in.enter();
            int tag = in.readTag(s.type().variants().size());
            ArrayNode a = NODES.arrayNode();
            a.add(tag);
            a.add(read(in, s.type().variants().get(tag).algebraicType(), ts));
            in.exit();
            return a;
        }
        if (type instanceof Sats.Array arr) {
            if (arr.element() instanceof Sats.U8) {
                return NODES.textNode(HexFormat.of().formatHex(in.readBytes()));
            }
            in.enter();
            int n = in.readCount(0);
            ArrayNode a = NODES.arrayNode();
            for (int i = 0; i < n; i++) {
                a.add(read(in, arr.element(), ts));
            }
            in.exit();
            return a;
        }
        if (type instanceof Sats.String_) {
            return NODES.textNode(in.readString());
        } else if (type instanceof Sats.Bool) {
            return NODES.booleanNode(in.readBool());
        } else if (type instanceof Sats.I8) {
            return NODES.numberNode(in.readByte());
        } else if (type instanceof Sats.U8) {
            return NODES.numberNode(Byte.toUnsignedInt(in.readByte()));
        } else if (type instanceof Sats.I16) {
            return NODES.numberNode(in.readShort());
        } else if (type instanceof Sats.U16) {
            return NODES.numberNode(Short.toUnsignedInt(in.readShort()));
        } else if (type instanceof Sats.I32) {
            return NODES.numberNode(in.readInt());
        } else if (type instanceof Sats.U32) {
            return NODES.numberNode(Integer.toUnsignedLong(in.readInt()));
        } else if (type instanceof Sats.I64) {
            return NODES.numberNode(in.readLong());
        } else if (type instanceof Sats.U64) {
            long v = in.readLong();
            return v >= 0 ? NODES.numberNode(v) : NODES.numberNode(BigInteger.valueOf(v).add(U64));
        } else if (type instanceof Sats.I128) {
            return NODES.numberNode(in.readI128());
        } else if (type instanceof Sats.U128) {
            return NODES.numberNode(in.readU128());
        } else if (type instanceof Sats.I256) {
            return NODES.textNode(hex256(read256(in, true)));
        } else if (type instanceof Sats.U256) {
            return NODES.textNode(hex256(read256(in, false)));
        } else if (type instanceof Sats.F32) {
            float f = in.readFloat();
            return Float.isFinite(f) ? NODES.numberNode(f) : NODES.nullNode();
        } else {
            double d = in.readDouble();
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.nullNode();
        }
    }

    /** 32 little-endian bytes. */
    private static BigInteger read256(BsatnReader in, boolean signed) {
        byte[] be = new byte[32];
        for (int i = 0; i < 4; i++) {
            long word = in.readLong();
            for (int b = 0; b < 8; b++) {
                be[31 - (i * 8 + b)] = (byte) (word >>> (8 * b));
            }
        }
        return signed ? new BigInteger(be) : new BigInteger(1, be);
    }

    /** As ethnum writes a 256-bit integer: {@code 0x} and its hex digits without leading zeros, a sign first. */
    private static String hex256(BigInteger v) {
        return (v.signum() < 0 ? "-0x" : "0x") + v.abs().toString(16);
    }

    /**
     * @param value a JSON tree or a plain value
     * @return its JSON bytes
     */
    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("result cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    // ---- reading

    /**
     * @param body the request body: a JSON array, one element per parameter, or an object by parameter names
     * @param parameters the parameters' types
     * @param names the parameters' names
     * @return the arguments
     * @throws IllegalArgumentException if the body is not that many convertible values
     */
    static Object[] arguments(byte[] body, List<Typed> parameters, List<String> names) {
        JsonNode node;
        try {
            node = body.length == 0 ? NODES.arrayNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
        if (node != null && node.isObject() && !parameters.isEmpty()) {
            ArrayNode byPosition = NODES.arrayNode();
            for (String name : names) {
                if (!node.has(name)) {
                    throw new IllegalArgumentException("missing argument `" + name + "`");
                }
                byPosition.add(node.get(name));
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String given = it.next();
                if (!names.contains(given)) {
                    throw new IllegalArgumentException("unknown argument `" + given + "`, expected one of " + names);
                }
            }
            node = byPosition;
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("the arguments must be a JSON array, or an object by parameter names");
        }
        if (node.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " argument(s), got " + node.size());
        }
        Object[] out = new Object[parameters.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = argument(i, node.get(i), parameters.get(i));
        }
        return out;
    }

    private static Object argument(int i, JsonNode value, Typed type) {
        if (type.typed() && type.codec() != null) {
            try {
                BsatnWriter w = new BsatnWriter();
                write(value, type.sats().type(), type.sats().typespace(), w, 0);
                return type.codec().read(new BsatnReader(w.toByteArray()));
            } catch (IllegalArgumentException | BsatnException notSpacetimeDbs) {
                // not in SpacetimeDB's form: the forms taken before
            }
        }
        try {
            return MAPPER.convertValue(value, MAPPER.constructType(type.java()));
        } catch (IllegalArgumentException e) {
            String name = MAPPER.constructType(type.java()).getRawClass().getSimpleName();
            throw new IllegalArgumentException("argument " + i + " (counting from 0) is not "
                    + ("AEIOUaeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name + ": " + why(e, value));
        }
    }

    /** Values nest at most this deep in an argument. */
    private static final int MAX_DEPTH = 64;

    /**
     * Writes a JSON value as BSATN of a type, in SpacetimeDB's typed forms.
     *
     * @throws IllegalArgumentException if the value has none of the type's forms
     */
    private static void write(JsonNode v, AlgebraicType type, Typespace ts, BsatnWriter out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("values nest deeper than " + MAX_DEPTH);
        }
        if (type instanceof Sats.Ref r) {
            write(v, ts.types().get(r.ref()), ts, out, depth);
        } else if (type instanceof Sats.Product p) {
            List<ProductTypeElement> es = p.type().elements();
            if (v.isArray()) {
                if (v.size() != es.size()) {
                    throw new IllegalArgumentException("a " + es.size() + "-element product, got " + v.size());
                }
                for (int i = 0; i < es.size(); i++) {
                    write(v.get(i), es.get(i).algebraicType(), ts, out, depth + 1);
                }
            } else if (v.isObject()) {
                if (v.size() != es.size()) {
                    throw new IllegalArgumentException("a " + es.size() + "-element product, got " + v.size());
                }
                for (ProductTypeElement e : es) {
                    JsonNode field = e.name().map(v::get).orElse(null);
                    if (field == null) {
                        throw new IllegalArgumentException("missing field " + e.name().orElse("?"));
                    }
                    write(field, e.algebraicType(), ts, out, depth + 1);
                }
            } else {
                throw new IllegalArgumentException("a product is an array or an object");
            }
        } else if (type instanceof Sats.Sum s) {
            List<SumTypeVariant> vs = s.type().variants();
            JsonNode key;
            JsonNode payload;
            if (v.isNull() && isOption(vs)) {
                key = NODES.textNode("none");
                payload = NODES.arrayNode();
            } else if (v.isObject() && v.size() == 1) {
                Map.Entry<String, JsonNode> e = v.properties().iterator().next();
                key = NODES.textNode(e.getKey());
                payload = e.getValue();
            } else if (v.isArray() && v.size() == 2) {
                key = v.get(0);
                payload = v.get(1);
            } else {
                throw new IllegalArgumentException("a sum is {\"variant\": value} or [tag, value]");
            }
            int tag = tag(key, vs);
            out.writeTag(tag);
            write(payload, vs.get(tag).algebraicType(), ts, out, depth + 1);
        } else if (type instanceof Sats.Array a) {
            if (a.element() instanceof Sats.U8 && v.isTextual()) {
                try {
                    out.writeBytes(HexFormat.of().parseHex(v.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bytes are a hex string");
                }
                return;
            }
            if (!v.isArray()) {
                throw new IllegalArgumentException("an array");
            }
            out.writeCount(v.size());
            for (JsonNode e : v) {
                write(e, a.element(), ts, out, depth + 1);
            }
        } else if (type instanceof Sats.String_) {
            out.writeString(text(v));
        } else if (type instanceof Sats.Bool) {
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("a bool");
            }
            out.writeBool(v.booleanValue());
        } else if (type instanceof Sats.I8) {
            out.writeByte((byte) integer(v, -128, 127));
        } else if (type instanceof Sats.U8) {
            out.writeByte((byte) integer(v, 0, 255));
        } else if (type instanceof Sats.I16) {
            out.writeShort((short) integer(v, Short.MIN_VALUE, Short.MAX_VALUE));
        } else if (type instanceof Sats.U16) {
            out.writeShort((short) integer(v, 0, 65535));
        } else if (type instanceof Sats.I32) {
            out.writeInt((int) integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
        } else if (type instanceof Sats.U32) {
            out.writeInt((int) integer(v, 0, 0xffff_ffffL));
        } else if (type instanceof Sats.I64) {
            out.writeLong(big(v, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)).longValue());
        } else if (type instanceof Sats.U64) {
            out.writeLong(big(v, BigInteger.ZERO, U64.subtract(BigInteger.ONE)).longValue());
        } else if (type instanceof Sats.I128) {
            out.writeI128(big(v, BigInteger.ONE.shiftLeft(127).negate(),
                    BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE)));
        } else if (type instanceof Sats.U128) {
            out.writeU128(big(v, BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
        } else if (type instanceof Sats.I256) {
            write256(out, hexNumber(v, true));
        } else if (type instanceof Sats.U256) {
            write256(out, hexNumber(v, false));
        } else {
            if (!v.isNumber()) {
                throw new IllegalArgumentException("a number");
            }
            if (type instanceof Sats.F32) {
                out.writeFloat(v.floatValue());
            } else {
                out.writeDouble(v.doubleValue());
            }
        }
    }

    private static boolean isOption(List<SumTypeVariant> vs) {
        return vs.size() == 2 && vs.get(0).name().equals(java.util.Optional.of("some"))
                && vs.get(1).name().equals(java.util.Optional.of("none"));
    }

    /** A variant by its name, or by its tag as a number or a numeric string. */
    private static int tag(JsonNode key, List<SumTypeVariant> vs) {
        if (key.isIntegralNumber() || key.isTextual() && key.asText().matches("[0-9]{1,3}")) {
            int t = key.asInt();
            if (t < vs.size()) {
                return t;
            }
        } else if (key.isTextual()) {
            for (int i = 0; i < vs.size(); i++) {
                if (vs.get(i).name().equals(java.util.Optional.of(key.asText()))) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("no variant " + key);
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode v, long min, long max) {
        return big(v, BigInteger.valueOf(min), BigInteger.valueOf(max)).longValue();
    }

    private static BigInteger big(JsonNode v, BigInteger min, BigInteger max) {
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("an integer");
        }
        BigInteger b = v.bigIntegerValue();
        if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
            throw new IllegalArgumentException("an integer from " + min + " to " + max);
        }
        return b;
    }

    /** A 256-bit integer as ethnum reads one: a string, {@code 0x} and hex digits (a {@code -} first if signed). */
    private static BigInteger hexNumber(JsonNode v, boolean signed) {
        String s = text(v);
        boolean negative = signed && s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        if (!digits.startsWith("0x") || digits.length() == 2 || digits.length() > 66
                || !digits.substring(2).matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("a 256-bit integer is \"0x\" and hex digits");
        }
        BigInteger b = new BigInteger(digits.substring(2), 16);
        b = negative ? b.negate() : b;
        BigInteger limit = signed ? BigInteger.ONE.shiftLeft(255) : U256_LIMIT;
        if (b.compareTo(limit) >= 0 || b.compareTo(signed ? limit.negate() : BigInteger.ZERO) < 0) {
            throw new IllegalArgumentException("out of range");
        }
        return b;
    }

    /** 32 little-endian bytes, two's complement. */
    private static void write256(BsatnWriter out, BigInteger v) {
        byte[] be = v.toByteArray();
        byte fill = v.signum() < 0 ? (byte) 0xff : 0;
        byte[] le = new byte[32];
        for (int i = 0; i < 32; i++) {
            int j = be.length - 1 - i;
            le[i] = j >= 0 ? be[j] : fill;
        }
        out.writeRaw(le);
    }

    /** What {@link SpecialTypes} said of a special value (the forms it takes), else the value given, cut. */
    private static String why(IllegalArgumentException e, JsonNode value) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JsonMappingException && c.getCause() instanceof IllegalArgumentException) {
                return c.getCause().getMessage();
            }
        }
        String given = value.toString();
        return "got " + (given.length() > 80 ? given.substring(0, 80) + "..." : given);
    }

    private static final class IdentityOut extends StdSerializer<Identity> {
        private static final long serialVersionUID = 1L;

        IdentityOut() {
            super(Identity.class);
        }

        @Override
        public void serialize(Identity v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(v.toHex());
        }
    }

    /** Reads a special type, anywhere in an argument, through {@link SpecialTypes}. */
    private static final class Special<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;

        Special(Class<T> type) {
            super(type);
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            Object plain = ctx.readValue(p, Object.class);
            try {
                return SpecialTypes.fromJson(type, plain);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
