package dev.warden.examples;

import dev.warden.core.Identity;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnWriter;
import java.util.HexFormat;

/** A row's BSATN as hex, to compare with the layout a module's TypeScript bindings decode. */
public final class RowBytes {

    private RowBytes() {}

    /**
     * @param row a row record
     * @return its BSATN, as the host sends it, in hex
     */
    public static String of(Object row) {
        BsatnWriter out = new BsatnWriter();
        @SuppressWarnings("unchecked")
        BsatnCodec<Object> codec = (BsatnCodec<Object>) Bsatn.codecFor(row.getClass());
        codec.write(out, row);
        return HexFormat.of().formatHex(out.toByteArray());
    }

    /**
     * @param id an identity
     * @return its BSATN in hex: its 32 bytes little-endian, the hex form's bytes reversed
     */
    public static String identity(Identity id) {
        byte[] b = HexFormat.of().parseHex(id.toHex());
        StringBuilder out = new StringBuilder();
        for (int i = b.length - 1; i >= 0; i--) {
            out.append(HexFormat.of().toHexDigits(b[i]));
        }
        return out.toString();
    }
}
