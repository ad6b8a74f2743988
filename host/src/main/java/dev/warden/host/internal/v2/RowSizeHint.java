package dev.warden.host.internal.v2;

import java.util.List;

/**
 * Where each row of a {@link BsatnRowList} starts (common.rs: {@code pub enum RowSizeHint}, tags 0
 * {@code FixedSize(RowSize)}, 1 {@code RowOffsets(Arc<[RowOffset]>)}, with {@code RowSize = u16} and
 * {@code RowOffset = u64}).
 */
public sealed interface RowSizeHint permits RowSizeHint.FixedSize, RowSizeHint.RowOffsets {

    /**
     * Every row has the same size (common.rs: "{@code size != 0} is always the case for {@code FixedSize}";
     * the Rust SDK divides by it).
     *
     * @param size the size of a row in bytes, a {@code u16} (read it with {@link Short#toUnsignedInt})
     */
    record FixedSize(short size) implements RowSizeHint {}

    /**
     * The offset of each row's first byte; a row ends where the next starts, the last at the end of the data.
     *
     * @param offsets one {@code u64} per row, increasing from 0
     */
    record RowOffsets(List<Long> offsets) implements RowSizeHint {}
}
