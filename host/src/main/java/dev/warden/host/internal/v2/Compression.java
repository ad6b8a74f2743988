package dev.warden.host.internal.v2;

/**
 * What a connection asked for in the {@code compression} query parameter of the subscribe route (common.rs
 * {@code Compression}, read by serde from the query: exactly {@code None}, {@code Brotli} or {@code Gzip}; absent,
 * serde's default, {@code Brotli}). SpacetimeDB compresses a server frame only when its uncompressed body is longer
 * than {@link V2Protocol#COMPRESS_THRESHOLD} bytes (websocket_building.rs {@code decide_compression}); a smaller one
 * is sent with tag 0 whatever was asked, so every client reads tag 0.
 *
 * <p>This host compresses with gzip from the JDK. It has no brotli encoder (none maintained in pure Java is
 * published on Maven Central), so a frame for a {@link #BROTLI} connection is sent uncompressed, with tag 0: what
 * SpacetimeDB itself sends such a connection for every frame under the threshold, which every SDK that asks for
 * brotli therefore reads. Refusing brotli instead would refuse what SpacetimeDB never refuses, and every client
 * that leaves the parameter out (serde's default is brotli).
 */
public enum Compression {
    /** Never compressed. */
    NONE,
    /** Asked for brotli: sent uncompressed by this host (see above). */
    BROTLI,
    /** Gzip above the threshold. */
    GZIP;

    /**
     * @param value the query parameter's value, or null when absent
     * @return the compression it names ({@link #BROTLI} when absent, as SpacetimeDB's default)
     * @throws IllegalArgumentException with the text SpacetimeDB's query extractor answers (400) for any other
     *     value, the variant names being case-sensitive
     */
    public static Compression fromQuery(String value) {
        if (value == null) {
            return BROTLI;
        }
        return switch (value) {
            case "None" -> NONE;
            case "Brotli" -> BROTLI;
            case "Gzip" -> GZIP;
            default -> throw new IllegalArgumentException("Failed to deserialize query string: unknown variant `"
                    + (value.length() > 32 ? value.substring(0, 32) + "..." : value)
                    + "`, expected one of `None`, `Brotli`, `Gzip`");
        };
    }
}
