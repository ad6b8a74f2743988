package dev.warden.core.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader for untrusted input: strict RFC 8259 (no comments, no trailing tokens, no
 * duplicate keys), with bounded nesting, string and number sizes, so a hostile document is a typed
 * parse error rather than a stack overflow or a slow parse. The bytes must be UTF-8 (RFC 8259 section 8.1,
 * RFC 7519 section 7.2), decoded strictly before any parsing: no byte-order mark, no UTF-16 or UTF-32
 * (which Jackson would otherwise detect and accept), no overlong forms ({@code C0 AF} is not a {@code /}),
 * no encoded surrogates, nothing past U+10FFFF. Every string and member name must be valid
 * Unicode: a UTF-16 surrogate (U+D800 to U+DFFF, written as a JSON escape) that is not half of a high-low
 * pair is refused (RFC 8259 section 8.2, I-JSON RFC 7493 section 2.1), as SpacetimeDB's parser refuses it,
 * rather than becoming a {@code ?} when the string is encoded as UTF-8 (which would give a {@code sub} of
 * "bob" plus a lone surrogate the identity of {@code "bob?"}). Every number must be within the range of a double
 * (I-JSON, RFC 7493 section 2.2), as SpacetimeDB's parser requires: {@code 1e400} would be read as an infinity,
 * which no JSON writer can write back (numbers too small for a double are read as zero, and accepted).
 */
public final class StrictJson {

    /** Deepest nesting accepted; real ID tokens and JWKS documents need well under ten levels. */
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(
                    com.fasterxml.jackson.core.JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_DEPTH)
                                    .maxNumberLength(64)
                                    .maxStringLength(1 << 20)
                                    .maxNameLength(4096)
                                    .build())
                            .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    /** The type of a JSON object as plain Java values. */
    public static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP_TYPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private StrictJson() {}

    /**
     * Parses a JSON object.
     *
     * @param utf8 the document
     * @return the object
     * @throws IOException if the bytes are not one strict JSON object in strict UTF-8 within the limits
     */
    public static ObjectNode parseObject(byte[] utf8) throws IOException {
        JsonNode node = MAPPER.readTree(decodeUtf8(utf8));
        if (node == null || !node.isObject()) {
            throw new IOException("expected a JSON object");
        }
        requireValidValues(node);
        return (ObjectNode) node;
    }

    /**
     * Parses a JSON object straight into unmodifiable plain Java values, with the same strictness and
     * limits as {@link #parseObject}: {@code Map<String,Object>} (in document order), {@code List<Object>},
     * {@code String}, {@code Boolean}, {@code Long} (integers that fit), {@code BigInteger} (larger
     * integers), {@code Double} (any number with a fraction or exponent; never an infinity), and {@code null}.
     *
     * @param utf8 the document
     * @return the object
     * @throws IOException if the bytes are not one strict JSON object in strict UTF-8 within the limits
     */
    public static Map<String, Object> parseObjectValues(byte[] utf8) throws IOException {
        // A document of printable ASCII and JSON whitespace (every real token's payload) is already strict UTF-8
        // with no byte-order mark and no NUL from which Jackson could guess UTF-16 or UTF-32: it is parsed from
        // its bytes. Anything else is decoded strictly first, as the general path does.
        try (JsonParser p = printableAscii(utf8) ? MAPPER.createParser(utf8) : MAPPER.createParser(decodeUtf8(utf8))) {
            // duplicate members are caught by readObject's map instead of a second set per object
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            Map<String, Object> object = readObject(p);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON object");
            }
            return object;
        }
    }

    /**
     * Decodes a document as strict UTF-8.
     *
     * @param utf8 the document's bytes
     * @return its text
     * @throws IOException if the bytes are not well-formed UTF-8, or begin with a byte-order mark
     */
    private static String decodeUtf8(byte[] utf8) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JsonParseException((JsonParser) null, "document is not well-formed UTF-8", e);
        }
        if (!text.isEmpty() && text.charAt(0) == 0xFEFF) {
            throw new JsonParseException((JsonParser) null, "document begins with a byte-order mark");
        }
        return text;
    }

    /** @return whether every byte is printable ASCII or JSON whitespace (tab, line feed, carriage return) */
    private static boolean printableAscii(byte[] utf8) {
        for (byte b : utf8) {
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {   // negative: a byte of 0x80 or more
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            int before = map.size();
            map.put(requireValid(name), readValue(p, p.nextToken()));
            if (map.size() == before) {
                throw new JsonParseException(p, "duplicate member " + Text.quote(name));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object readValue(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(readValue(p, t));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return requireValid(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? (Object) p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return requireFinite(p.getDoubleValue());
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    private static void requireValidValues(JsonNode node) throws IOException {
        if (node.isTextual()) {
            requireValid(node.textValue());
        } else if (node.isFloatingPointNumber()) {
            requireFinite(node.doubleValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                requireValid(member.getKey());
                requireValidValues(member.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                requireValidValues(item);
            }
        }
    }

    /**
     * @param d a parsed JSON number
     * @return {@code d}
     * @throws IOException if the number was beyond the range of a double, so it was read as an infinity
     */
    private static double requireFinite(double d) throws IOException {
        if (!Double.isFinite(d)) {
            throw new JsonParseException((JsonParser) null,
                    "number beyond the range of a double (I-JSON, RFC 7493 section 2.2)");
        }
        return d;
    }

    /**
     * @param s a decoded JSON string or member name
     * @return {@code s}
     * @throws IOException if it holds a UTF-16 surrogate that is not part of a high-low pair
     */
    static String requireValid(String s) throws IOException {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new JsonParseException((JsonParser) null, "string holds an unpaired surrogate");
                }
            }
        }
        return s;
    }

    /** @return the shared strict mapper (for writing; reading goes through {@link #parseObject}) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
