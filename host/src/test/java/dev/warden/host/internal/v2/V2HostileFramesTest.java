package dev.warden.host.internal.v2;

import static dev.warden.host.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.host.BsatnException;
import dev.warden.host.BsatnException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames a hostile client may send: each refused with its exact reason and offset, and nothing else escapes. */
class V2HostileFramesTest {

    private static void refused(String frame, Reason reason, int offset) {
        BsatnException e = catchThrowableOfType(BsatnException.class,
                () -> V2Protocol.decodeClientMessage(bytes(frame)));
        assertThat(e).as("must be refused with " + reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.offset()).as("offset").isEqualTo(offset);
    }

    @Test
    void badTags() {
        refused("05 00000000", Reason.UNKNOWN_TAG, 0); // no sixth ClientMessage variant
        refused("ff", Reason.UNKNOWN_TAG, 0);
        refused("03 07000000 01 05000000 \"first\" 00000000", Reason.UNKNOWN_TAG, 5); // CallReducerFlags: only 0
        refused("04 08000000 02 00000000 00000000", Reason.UNKNOWN_TAG, 5); // CallProcedureFlags: only 0
        refused("01 03000000 02000000 02", Reason.UNKNOWN_TAG, 9); // UnsubscribeFlags: 0 or 1
    }

    @Test
    void hugeLengths() {
        refused("03 07000000 00 ffffffff", Reason.LENGTH_EXCEEDS_INPUT, 6); // a 4 GB reducer name
        refused("03 07000000 00 05000000 \"first\" ffffffff 0102", Reason.LENGTH_EXCEEDS_INPUT, 15); // 4 GB of args
        refused("00 01000000 02000000 ffffffff", Reason.LENGTH_EXCEEDS_INPUT, 9); // 4 billion queries
        refused("00 01000000 02000000 02000000 00000000", Reason.LENGTH_EXCEEDS_INPUT, 9); // 2 strings need 8 bytes
        refused("02 04000000 09000000 \"SELECT 1\"", Reason.LENGTH_EXCEEDS_INPUT, 5);
    }

    @Test
    void truncatedAndTrailing() {
        refused("", Reason.TRUNCATED, 0);
        refused("03 0700", Reason.TRUNCATED, 1); // inside request_id
        refused("03 07000000", Reason.TRUNCATED, 5); // before flags
        refused("01 03000000 02000000", Reason.TRUNCATED, 9); // before the flags
        refused("02 04000000 08000000 \"SELECT 1\" 00", Reason.TRAILING_BYTES, 17);
        refused("03 07000000 00 05000000 \"first\" 00000000 03 07000000 00 05000000 \"first\" 00000000",
                Reason.TRAILING_BYTES, 19); // two messages in one v2 frame (v3 would allow it; v2 does not)
    }

    @Test
    void malformedUtf8InAName() {
        refused("03 07000000 00 02000000 c080 00000000", Reason.INVALID_UTF8, 10);
        refused("00 01000000 02000000 01000000 03000000 eda080", Reason.INVALID_UTF8, 17);
    }

    @Test
    void aCompressedServerFrameIsNotDecoded() {
        BsatnException e = catchThrowableOfType(BsatnException.class,
                () -> V2Protocol.decodeServerMessage(bytes("01 00")));
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TAG);
        assertThat(e.offset()).isZero();
    }

    /** Mutated valid frames decode or fail with a BsatnException: nothing else escapes the decoder. */
    @Test
    void mutatedFramesOnlyEverFailWithBsatnException() {
        List<byte[]> valid = List.of(
                V2Protocol.encodeClientMessage(new ClientMessage.Subscribe(1, new QuerySetId(2),
                        List.of("SELECT * FROM user", "SELECT * FROM player"))),
                V2Protocol.encodeClientMessage(new ClientMessage.Unsubscribe(3, new QuerySetId(2),
                        UnsubscribeFlags.DEFAULT)),
                V2Protocol.encodeClientMessage(new ClientMessage.OneOffQuery(4, "SELECT 1")),
                V2Protocol.encodeClientMessage(new ClientMessage.CallReducer(7, CallReducerFlags.DEFAULT, "first",
                        new byte[] {1, 2})),
                V2Protocol.encodeClientMessage(new ClientMessage.CallProcedure(8, CallProcedureFlags.DEFAULT,
                        "second", new byte[] {3, 4, 5})));
        Random random = new Random(2);
        int decoded = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] base = valid.get(random.nextInt(valid.size()));
            byte[] frame = Arrays.copyOf(base, Math.max(0, base.length + random.nextInt(3) - random.nextInt(6)));
            if (frame.length > 0) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            try {
                V2Protocol.decodeClientMessage(frame);
                decoded++;
            } catch (BsatnException expected) {
                // the only way to fail
            }
        }
        assertThat(decoded).isBetween(1, 49_999);
    }
}
