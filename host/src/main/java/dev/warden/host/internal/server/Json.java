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
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.policy.SpecialTypes;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;

/**
 * SpacetimeDB's JSON for HTTP calls: arguments are a JSON array, one element per parameter; an
 * {@code Identity}, a {@code ConnectionId} or an {@code Instant} (a Timestamp) is written in a form
 * {@link SpecialTypes} takes, as the testkit's matrix rows are; results are plain JSON. Errors count arguments
 * from 0.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Identity.class, new IdentityOut())
            .addDeserializer(Identity.class, new Special<>(Identity.class))
            .addDeserializer(ConnectionId.class, new Special<>(ConnectionId.class))
            .addDeserializer(Instant.class, new Special<>(Instant.class)));

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
                String type = MAPPER.constructType(parameters.get(i)).getRawClass().getSimpleName();
                throw new IllegalArgumentException("argument " + i + " (counting from 0) is not "
                        + ("AEIOUaeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type + ": " + why(e, node.get(i)));
            }
        }
        return out;
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
