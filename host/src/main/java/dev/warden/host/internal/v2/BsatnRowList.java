package dev.warden.host.internal.v2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rows, each the BSATN of a table's row type, packed into one byte array (common.rs: {@code pub struct
 * BsatnRowList { size_hint: RowSizeHint, rows_data: Bytes }}).
 *
 * <p>The TypeScript SDK ignores the hint and decodes rows one after the other until the data ends; the Rust SDK
 * slices the data by the hint. {@link #of} writes a hint both read correctly.
 *
 * @param sizeHint {@code size_hint}: where the rows start
 * @param rowsData {@code rows_data}: the rows' BSATN, concatenated
 */
public record BsatnRowList(RowSizeHint sizeHint, byte[] rowsData) {

    private static final BsatnRowList EMPTY = new BsatnRowList(new RowSizeHint.RowOffsets(List.of()), new byte[0]);

    /** @return no rows (as SpacetimeDB's {@code Default}: empty offsets, never {@code FixedSize(0)}) */
    public static BsatnRowList empty() {
        return EMPTY;
    }

    /**
     * Packs rows: {@code FixedSize} when every row has the same non-zero size that fits a {@code u16}, otherwise
     * {@code RowOffsets}.
     *
     * @param rows each row's BSATN
     * @return the list
     */
    public static BsatnRowList of(List<byte[]> rows) {
        if (rows.isEmpty()) {
            return EMPTY;
        }
        int fixed = rows.get(0).length;
        long total = 0;
        for (byte[] row : rows) {
            total += row.length;
            if (row.length != fixed) {
                fixed = -1;
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("rows of " + total + " bytes do not fit in one message");
        }
        byte[] data = new byte[(int) total];
        List<Long> offsets = new ArrayList<>(rows.size());
        int at = 0;
        for (byte[] row : rows) {
            offsets.add((long) at);
            System.arraycopy(row, 0, data, at, row.length);
            at += row.length;
        }
        RowSizeHint hint = fixed > 0 && fixed <= 0xffff
                ? new RowSizeHint.FixedSize((short) fixed) : new RowSizeHint.RowOffsets(List.copyOf(offsets));
        return new BsatnRowList(hint, data);
    }

    /**
     * Splits the data by the hint, as the Rust SDK does.
     *
     * @return each row's BSATN
     * @throws IllegalStateException if the hint does not describe the data
     */
    public List<byte[]> rows() {
        List<byte[]> out = new ArrayList<>();
        if (sizeHint instanceof RowSizeHint.FixedSize f) {
            int size = Short.toUnsignedInt(f.size());
            if (size == 0 ? rowsData.length != 0 : rowsData.length % size != 0) {
                throw new IllegalStateException(rowsData.length + " bytes are not rows of " + size + " bytes");
            }
            for (int at = 0; at < rowsData.length; at += size) {
                out.add(Arrays.copyOfRange(rowsData, at, at + size));
            }
            return out;
        }
        List<Long> offsets = ((RowSizeHint.RowOffsets) sizeHint).offsets();
        for (int i = 0; i < offsets.size(); i++) {
            long start = offsets.get(i);
            long end = i + 1 < offsets.size() ? offsets.get(i + 1) : rowsData.length;
            if (start < 0 || start > end || end > rowsData.length || (i == 0 && start != 0)) {
                throw new IllegalStateException("row " + i + "'s offsets do not fit " + rowsData.length + " bytes");
            }
            out.add(Arrays.copyOfRange(rowsData, (int) start, (int) end));
        }
        if (offsets.isEmpty() && rowsData.length != 0) {
            throw new IllegalStateException(rowsData.length + " bytes without row offsets");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BsatnRowList r && sizeHint.equals(r.sizeHint) && Arrays.equals(rowsData, r.rowsData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeHint, Arrays.hashCode(rowsData));
    }

    @Override
    public String toString() {
        return "BsatnRowList[sizeHint=" + sizeHint + ", rowsData=" + rowsData.length + " bytes]";
    }
}
