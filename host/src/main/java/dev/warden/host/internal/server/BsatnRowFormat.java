package dev.warden.host.internal.server;

import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.storage.RowFormat;
import java.lang.reflect.Type;

/** The host's row format for its storage: each column's value as BSATN, the encoding clients see. */
public final class BsatnRowFormat implements RowFormat {

    @Override
    public ColumnCodec codecFor(Type type) {
        @SuppressWarnings("unchecked")
        BsatnCodec<Object> codec = (BsatnCodec<Object>) Bsatn.codecFor(type);
        return new ColumnCodec() {
            @Override
            public byte[] encode(Object value) {
                return codec.encode(value);
            }

            @Override
            public Object decode(byte[] bytes) {
                return codec.decode(bytes);
            }
        };
    }
}
