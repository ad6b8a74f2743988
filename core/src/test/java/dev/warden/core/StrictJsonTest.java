package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.internal.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass parse of payloads into plain Java values: the same values and the same strictness as the tree. */
class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "\"s\"", "1", "{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":1}x",
        "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":1 /* c */}", "{\"a\":[1,]}", "{\"a\":"})
    void refusesWhatTheStrictTreeParserRefuses(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StrictJson.parseObject(bytes)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> StrictJson.parseObjectValues(bytes)).isInstanceOf(IOException.class);
    }

    /**
     * Printable ASCII is parsed from its bytes, anything else after a strict decode: both paths must refuse
     * duplicates at any depth (whatever the values), raw control characters in strings, and bytes Jackson would
     * read as UTF-16 or UTF-32.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":null,\"a\":null}", "{\"o\":{\"x\":1,\"y\":2,\"x\":3}}",
        "{\"l\":[{\"x\":1,\"x\":1}]}", "{\"\u00e9\":1,\"\u00e9\":2}", "{\"\\u0061\":1,\"a\":2}",
        "{\"a\":\"tab\there\"}", "{\"a\":\"nul\u0000\"}", "{\u0000\"\u0000a\u0000\"\u0000:\u00001\u0000}\u0000",
        "\u0000{\u0000\"\u0000a\u0000\"\u0000:\u00001\u0000}", "{\"a\":1}\u0000"})
    void refusesDuplicatesControlsAndOtherEncodingsOnBothPaths(String json) {
        byte[] ascii = json.getBytes(StandardCharsets.UTF_8);
        byte[] nonAscii = json.replaceFirst("\\{", "{\"\u00e9\u00e9\":0,").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StrictJson.parseObjectValues(ascii)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> StrictJson.parseObjectValues(nonAscii)).isInstanceOf(IOException.class);
    }

    @Test
    void aDuplicateIsNamedInTheError() {
        assertThatThrownBy(() -> StrictJson.parseObjectValues("{\"sub\":\"a\",\"sub\":\"b\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class).hasMessageContaining("duplicate member 'sub'");
    }

    @Test
    void readsTheSameValuesWhetherOrNotTheDocumentIsAscii() throws IOException {
        String ascii = "{\"iss\":\"https://i.example\",\"aud\":[\"a\",\"b\"],\"n\":1,\"x\":{\"y\":null},"
                + "\"e\":\"\\u00e9\\ud83d\\ude00\"}";
        Map<String, Object> a = StrictJson.parseObjectValues(ascii.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> b = StrictJson.parseObjectValues(("\t" + ascii.replace("\\u00e9", "\u00e9") + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo(b).containsEntry("e", "\u00e9\ud83d\ude00").containsEntry("n", 1L);
    }

    @Test
    void refusesDeepNestingAndHugeNumbers() {
        String deep = "{\"a\":" + "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> StrictJson.parseObjectValues(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        String huge = "{\"a\":" + "9".repeat(65) + "}";
        assertThatThrownBy(() -> StrictJson.parseObjectValues(huge.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    /** I-JSON (RFC 7493 section 2.2): no number beyond a double's range, which would be read as an infinity. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1e400}", "{\"a\":-1e400}", "{\"a\":1.8e308}", "{\"a\":[{\"b\":2E+999999999}]}",
        "{\"\u00e9\":[-0.1e310]}"})
    void refusesNumbersBeyondADoubleOnEveryPath(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StrictJson.parseObject(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("beyond the range of a double");
        assertThatThrownBy(() -> StrictJson.parseObjectValues(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("beyond the range of a double");
    }

    @Test
    void givesTheValuesTheTreeConversionGave() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] doc = ("{" + members(random, 0) + "}").getBytes(StandardCharsets.UTF_8);
            assertThat(StrictJson.parseObjectValues(doc)).isEqualTo(viaTree(StrictJson.parseObject(doc)));
        }
    }

    private static String members(Random r, int depth) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(value(r, depth + 1));
        }
        return b.toString();
    }

    private static String value(Random r, int depth) {
        switch (r.nextInt(depth > 4 ? 7 : 9)) {
            case 0: return "null";
            case 1: return r.nextBoolean() ? "true" : "false";
            case 2: return Long.toString(r.nextLong() >> r.nextInt(64));
            case 3: return "-9223372036854775809" + r.nextInt(10);
            case 4: return r.nextInt(100) + "." + r.nextInt(100) + (r.nextBoolean() ? "e" + (r.nextInt(650) - 350) : "");
            case 5: return "\"s\\u00e9\\n" + r.nextInt() + "\"";
            case 6: return "9223372036854775807";
            case 7: return "{" + members(r, depth) + "}";
            default: {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(value(r, depth + 1));
                }
                return b.append(']').toString();
            }
        }
    }

    /** What {@code VerifiedToken} converted its Jackson tree to before claims were parsed in one pass. */
    private static Object viaTree(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), viaTree(e.getValue())));
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                node.forEach(item -> list.add(viaTree(item)));
                return list;
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
            default:
                return null;
        }
    }
}
