package dev.warden.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.RejectionReason;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * A compact-serialized JWS taken apart strictly: three canonical base64url parts, a strict JSON header
 * naming a supported algorithm and no header Warden refuses. The payload is decoded but not interpreted.
 * Immutable.
 */
public final class CompactJws {

    /** Header parameters whose presence rejects the token: extensions we do not implement and key hints we never trust. */
    static final Set<String> REFUSED_HEADERS = Set.of("crit", "b64", "zip", "jwk", "jku", "x5u", "x5c");

    /**
     * Parsed headers by their exact base64url text. Tokens of one issuer share a handful of headers, so
     * this saves a JSON parse per token; only headers that passed every check are cached, and the bound
     * with caffeine's frequency-based admission keeps junk headers from displacing the real ones.
     */
    private static final Cache<String, Header> HEADERS = Caffeine.newBuilder().maximumSize(256).build();

    /**
     * What a header says, once checked.
     *
     * @param algorithm {@code alg}
     * @param keyId {@code kid}, or null
     * @param accessToken whether {@code typ} says an OAuth access token ({@code at+jwt}, RFC 9068)
     */
    private record Header(SignatureAlgorithm algorithm, String keyId, boolean accessToken) {}

    private final SignatureAlgorithm algorithm;
    private final String keyId;
    private final boolean accessToken;
    private final byte[] payload;
    private final byte[] signingInput;
    private final byte[] signature;

    private CompactJws(SignatureAlgorithm algorithm, String keyId, boolean accessToken, byte[] payload,
                       byte[] signingInput, byte[] signature) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.accessToken = accessToken;
        this.payload = payload;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /**
     * @param token the compact JWS
     * @param maxChars the size cap, checked before anything else
     * @return the parts
     * @throws TokenRejectedException with {@code TOO_LARGE}, {@code MALFORMED}, {@code UNSUPPORTED_ALGORITHM}
     *     or {@code UNSUPPORTED_HEADER}
     */
    public static CompactJws parse(String token, int maxChars) {
        if (token == null || token.isEmpty()) {
            throw reject(RejectionReason.MALFORMED, "no token");
        }
        if (token.length() > maxChars) {
            throw reject(RejectionReason.TOO_LARGE,
                    "token is " + token.length() + " characters, the limit is " + maxChars);
        }
        if (token.charAt(0) == '{') {
            throw reject(RejectionReason.MALFORMED, "JSON serialization is not accepted, only compact serialization");
        }
        // One copy of the text as bytes, a byte per character (a plain copy for a Latin-1 string). A character
        // above U+00FF becomes '?' and one from U+0080 to U+00FF a negative byte, neither of which any part
        // accepts; a surrogate pair becomes a single '?', so the lengths differ and the token is refused here,
        // before an offset in the text could point elsewhere in the bytes.
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        if (ascii.length != token.length()) {
            throw reject(RejectionReason.MALFORMED, "token holds characters outside ASCII");
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 < 0 || dot2 < 0) {
            throw reject(RejectionReason.MALFORMED, "a compact JWS has three dot-separated parts");
        }
        if (token.indexOf('.', dot2 + 1) >= 0) {
            throw reject(RejectionReason.MALFORMED,
                    "more than three dot-separated parts (encrypted tokens are not accepted)");
        }
        String headerText = new String(ascii, 0, dot1, StandardCharsets.ISO_8859_1);
        Header header = HEADERS.getIfPresent(headerText);
        if (header == null) {
            header = parseHeader(decodePart(ascii, 0, dot1, "header"));
            HEADERS.put(headerText, header);
        }
        byte[] payload = decodePart(ascii, dot1 + 1, dot2, "payload");
        byte[] signature = decodePart(ascii, dot2 + 1, ascii.length, "signature");
        if (signature.length == 0) {
            throw reject(RejectionReason.BAD_SIGNATURE, "empty signature");
        }
        return new CompactJws(header.algorithm(), header.keyId(), header.accessToken(), payload,
                Arrays.copyOf(ascii, dot2), signature);
    }

    private static Header parseHeader(byte[] headerBytes) {
        ObjectNode header;
        try {
            header = StrictJson.parseObject(headerBytes);
        } catch (IOException e) {
            throw reject(RejectionReason.MALFORMED, "header is not a strict JSON object");
        }
        JsonNode algNode = header.get("alg");
        if (algNode == null) {
            throw reject(RejectionReason.MALFORMED, "header has no alg");
        }
        if (!algNode.isTextual()) {
            throw reject(RejectionReason.MALFORMED, "header alg is not a string");
        }
        if (header.has("enc")) {
            throw reject(RejectionReason.MALFORMED, "encrypted tokens (JWE) are not accepted");
        }
        Optional<SignatureAlgorithm> alg = SignatureAlgorithm.fromJoseName(algNode.textValue());
        if (alg.isEmpty()) {
            throw reject(RejectionReason.UNSUPPORTED_ALGORITHM,
                    "alg " + Text.quote(algNode.textValue()) + " is not supported");
        }
        for (String refused : REFUSED_HEADERS) {
            if (header.has(refused)) {
                throw reject(RejectionReason.UNSUPPORTED_HEADER, "header " + refused + " is not accepted");
            }
        }
        String kid = null;
        JsonNode kidNode = header.get("kid");
        if (kidNode != null) {
            if (!kidNode.isTextual()) {
                throw reject(RejectionReason.MALFORMED, "header kid is not a string");
            }
            kid = kidNode.textValue();
        }
        return new Header(alg.get(), kid, accessToken(header.get("typ")));
    }

    /**
     * Explicit typing (RFC 8725 section 3.11): a JWT of another kind that the issuer also signs, such as a
     * back-channel logout token ({@code logout+jwt}) sent to the same client, must not pass for a login.
     * Media types compare ignoring ASCII case, with or without {@code application/}.
     *
     * @return whether the token says it is an access token; false for no {@code typ} or {@code JWT}
     */
    private static boolean accessToken(JsonNode typNode) {
        if (typNode == null) {
            return false;
        }
        if (!typNode.isTextual()) {
            throw reject(RejectionReason.MALFORMED, "header typ is not a string");
        }
        String typ = Text.lowerAscii(typNode.textValue());
        if (typ.startsWith("application/")) {
            typ = typ.substring("application/".length());
        }
        if (typ.equals("jwt")) {
            return false;
        }
        if (typ.equals("at+jwt")) {
            return true;
        }
        throw reject(RejectionReason.UNSUPPORTED_TOKEN_TYPE, "typ " + Text.quote(typNode.textValue())
                + " is not a login token (accepted: JWT, or at+jwt where access tokens are)");
    }

    private static byte[] decodePart(byte[] ascii, int from, int to, String what) {
        byte[] bytes = Base64Url.decodeOrNull(ascii, from, to);
        if (bytes == null) {
            throw reject(RejectionReason.MALFORMED, what + " is not canonical base64url");
        }
        return bytes;
    }

    private static TokenRejectedException reject(RejectionReason reason, String message) {
        return new TokenRejectedException(reason, message);
    }

    /** @return the header's algorithm */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** @return the header's {@code kid}, or null */
    public String keyId() {
        return keyId;
    }

    /** @return whether the header's {@code typ} is {@code at+jwt}: an OAuth access token (RFC 9068) */
    public boolean accessToken() {
        return accessToken;
    }

    /** @return the decoded payload bytes (do not modify) */
    public byte[] payload() {
        return payload;
    }

    /** @return the ASCII bytes of {@code header.payload} as transmitted (do not modify) */
    public byte[] signingInput() {
        return signingInput;
    }

    /** @return the decoded signature (do not modify) */
    public byte[] signature() {
        return signature;
    }
}
