/**
 * Warden's optional native signature verification: warden-core finds {@link dev.warden.nativecrypto.NativeCrypto}
 * by its name when this module is present and verifies with the provider it returns, after a known-answer
 * self-test. A modular application adds {@code requires dev.warden.nativecrypto;} (or
 * {@code --add-modules dev.warden.nativecrypto}) so that the module is resolved.
 */
module dev.warden.nativecrypto {
    requires com.amazon.corretto.crypto.provider;

    exports dev.warden.nativecrypto;
}
