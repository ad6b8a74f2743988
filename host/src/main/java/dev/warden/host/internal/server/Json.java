package dev.warden.host.internal.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.warden.core.Identity;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;

/**
 * SpacetimeDB's JSON for HTTP calls: arguments are a JSON array, one element per parameter; an {@code Identity}
 * is its hex, bare or as SpacetimeDB writes it ({@code {"__identity__": "0x..."}}); results are plain JSON.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Identity.class, new IdentityOut())
            .addDeserializer(Identity.class, new IdentityIn()));

    private Json() {}

    /**
     * @param body the request body
     * @param parameters the parameter types
     * @return the arguments
     * @throws IllegalArgumentException if the body is not a JSON array of that many convertible values
     */
    static Object[] arguments(byte[] body, List<Type> parameters) {
        JsonNode node;
        try {
            node = body.length == 0 ? MAPPER.createArrayNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("the arguments must be a JSON array");
        }
        if (node.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " argument(s), got " + node.size());
        }
        Object[] out = new Object[parameters.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = MAPPER.convertValue(node.get(i), MAPPER.constructType(parameters.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument " + i + " is not a " + MAPPER.constructType(
                        parameters.get(i)).getRawClass().getSimpleName());
            }
        }
        return out;
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("result cannot be written as JSON: " + e.getMessage(), e);
        }
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

    private static final class IdentityIn extends StdDeserializer<Identity> {
        private static final long serialVersionUID = 1L;

        IdentityIn() {
            super(Identity.class);
        }

        @Override
        public Identity deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = p.readValueAsTree();
            JsonNode hex = n.isObject() ? n.get("__identity__") : n;
            if (hex == null || !hex.isTextual()) {
                throw ctx.weirdStringException(String.valueOf(n), Identity.class, "not an identity");
            }
            String h = hex.textValue();
            try {
                return Identity.fromHex(h.startsWith("0x") ? h.substring(2) : h);
            } catch (IllegalArgumentException e) {
                throw ctx.weirdStringException(h, Identity.class, "not 32 bytes of hex");
            }
        }
    }
}
