package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;

/** A verification key prepared once (JCA key objects built) and reused for every token it verifies. */
@FunctionalInterface
public interface SignatureCheck {

    /**
     * @param alg the token's algorithm, already checked to be usable with this key
     * @param signingInput the bytes that were signed (for a JWS, {@code header.payload} as transmitted)
     * @param signature the signature bytes
     * @return whether the signature is valid
     */
    boolean verify(SignatureAlgorithm alg, byte[] signingInput, byte[] signature);
}
