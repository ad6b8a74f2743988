package dev.warden.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader for untrusted input: strict RFC 8259 (no comments, no trailing tokens, no
 * duplicate keys), with bounded nesting, string and number sizes, so a hostile document is a typed
 * parse error rather than a stack overflow or a slow parse.
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
     * @throws IOException if the bytes are not one strict JSON object within the limits
     */
    public static ObjectNode parseObject(byte[] utf8) throws IOException {
        JsonNode node = MAPPER.readTree(utf8);
        if (node == null || !node.isObject()) {
            throw new IOException("expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Converts a parsed tree into unmodifiable plain Java values: {@code Map<String,Object>},
     * {@code List<Object>}, {@code String}, {@code Boolean}, {@code Long}, {@code BigInteger},
     * {@code Double}, and {@code null}.
     *
     * @param node the tree
     * @return the value
     */
    public static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                return Collections.unmodifiableMap(map);
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toJava(item));
                }
                return Collections.unmodifiableList(list);
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                if (node.isIntegralNumber()) {
                    return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.bigIntegerValue();
                }
                return node.doubleValue();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON node " + node.getNodeType());
        }
    }

    /** @return the shared strict mapper (for writing; reading goes through {@link #parseObject}) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
