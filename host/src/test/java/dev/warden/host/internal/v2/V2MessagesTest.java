package dev.warden.host.internal.v2;

import static dev.warden.host.Hex.bytes;
import static dev.warden.host.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.internal.v2.ClientMessage.CallProcedure;
import dev.warden.host.internal.v2.ClientMessage.CallReducer;
import dev.warden.host.internal.v2.ClientMessage.OneOffQuery;
import dev.warden.host.internal.v2.ClientMessage.Subscribe;
import dev.warden.host.internal.v2.ClientMessage.Unsubscribe;
import dev.warden.host.internal.v2.QueryRows.SingleTableRows;
import dev.warden.host.internal.v2.QuerySetUpdate.TableUpdate;
import dev.warden.host.internal.v2.QuerySetUpdate.TableUpdateRows;
import dev.warden.host.internal.v2.ServerMessage.InitialConnection;
import dev.warden.host.internal.v2.ServerMessage.OneOffQueryResult;
import dev.warden.host.internal.v2.ServerMessage.ProcedureResult;
import dev.warden.host.internal.v2.ServerMessage.ReducerResult;
import dev.warden.host.internal.v2.ServerMessage.SubscribeApplied;
import dev.warden.host.internal.v2.ServerMessage.SubscriptionError;
import dev.warden.host.internal.v2.ServerMessage.TransactionUpdate;
import dev.warden.host.internal.v2.ServerMessage.UnsubscribeApplied;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every v2 message against bytes derived by hand, field by field, from crates/client-api-messages/src/websocket/
 * v2.rs and common.rs (SpacetimeDB fb7282411b0b) and the BSATN rules of crates/sats/src/bsatn/ser.rs: each line of a
 * vector is one field, with the Rust field it encodes. SpacetimeDB's repository has no byte-level vector of a v2
 * message (its TypeScript tests round-trip through the SDK's own encoder), so these derivations are the reference;
 * the message used for CallReducer/CallProcedure is the one in crates/bindings-typescript/tests/
 * websocket_v3_frames.test.ts.
 */
class V2MessagesTest {

    private static final Identity ID = Identity.fromClaims("example.com", "123"); // c200ef88...2059
    private static final ConnectionId CONN = ConnectionId.fromHex("0102030405060708090a0b0c0d0e0f10");
    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123_456_000L);
    private static final String AT_HEX = "40222018240a0600"; // i64 1_700_000_000_123_456 us = 0x00060a2418202240

    private static void decodesTo(String vector, ClientMessage expected) {
        byte[] frame = bytes(vector);
        assertThat(V2Protocol.decodeClientMessage(frame)).isEqualTo(expected);
        assertThat(hex(V2Protocol.encodeClientMessage(expected))).isEqualTo(hex(frame));
    }

    private static void encodesTo(ServerMessage message, String vector) {
        byte[] frame = V2Protocol.encodeServerMessage(message);
        assertThat(hex(frame)).isEqualTo(hex(bytes(vector)));
        assertThat(V2Protocol.decodeServerMessage(frame)).isEqualTo(message);
    }

    @Test
    void subscribe() {
        decodesTo("""
                00                                  // ClientMessage::Subscribe
                01000000                            // request_id: u32 1
                02000000                            // query_set_id: QuerySetId { id: u32 2 }
                02000000                            // query_strings: 2 strings
                12000000 "SELECT * FROM user"       //   18 bytes
                14000000 "SELECT * FROM player"     //   20 bytes
                """, new Subscribe(1, new QuerySetId(2), List.of("SELECT * FROM user", "SELECT * FROM player")));
    }

    @Test
    void unsubscribe() {
        decodesTo("""
                01                  // ClientMessage::Unsubscribe
                03000000            // request_id 3
                02000000            // query_set_id 2
                01                  // flags: UnsubscribeFlags::SendDroppedRows (the TypeScript SDK's choice)
                """, new Unsubscribe(3, new QuerySetId(2), UnsubscribeFlags.SEND_DROPPED_ROWS));
    }

    @Test
    void oneOffQuery() {
        decodesTo("""
                02                      // ClientMessage::OneOffQuery
                04000000                // request_id 4
                08000000 "SELECT 1"     // query_string
                """, new OneOffQuery(4, "SELECT 1"));
    }

    @Test
    void callReducer() {
        decodesTo("""
                03                  // ClientMessage::CallReducer
                07000000            // request_id 7
                00                  // flags: CallReducerFlags::Default, a u8
                05000000 "first"    // reducer
                02000000 0102       // args: Bytes
                """, new CallReducer(7, CallReducerFlags.DEFAULT, "first", new byte[] {1, 2}));
    }

    @Test
    void callProcedure() {
        decodesTo("""
                04                  // ClientMessage::CallProcedure
                08000000            // request_id 8
                00                  // flags: CallProcedureFlags::Default
                06000000 "second"   // procedure
                03000000 030405     // args
                """, new CallProcedure(8, CallProcedureFlags.DEFAULT, "second", new byte[] {3, 4, 5}));
    }

    @Test
    void initialConnection() {
        encodesTo(new InitialConnection(ID, CONN, "tok"), """
                00                  // compression tag: none
                00                  // ServerMessage::InitialConnection
                592066fb512fb27d8b65b1d1097cb9e604208fc68d29e09ba9c1644388ef00c2  // identity, little-endian
                100f0e0d0c0b0a090807060504030201  // connection_id, little-endian u128
                03000000 "tok"      // token
                """);
        assertThat(new InitialConnection(ID, CONN, "secret-token").toString()).doesNotContain("secret");
    }

    @Test
    void subscribeAppliedWithFixedSizeRows() {
        BsatnRowList rows = BsatnRowList.of(List.of(bytes("01000000"), bytes("02000000")));
        encodesTo(new SubscribeApplied(1, new QuerySetId(2), new QueryRows(List.of(new SingleTableRows("user", rows)))),
                """
                00                  // compression: none
                01                  // ServerMessage::SubscribeApplied
                01000000            // request_id 1
                02000000            // query_set_id 2
                01000000            // rows: QueryRows { tables: 1 SingleTableRows
                04000000 "user"     //   table: RawIdentifier, a string
                00 0400             //   size_hint: RowSizeHint::FixedSize(u16 4)
                08000000            //   rows_data: 8 bytes
                01000000 02000000   //     two rows of a u32 }
                """);
    }

    @Test
    void unsubscribeAppliedWithDroppedRowsAtOffsets() {
        BsatnRowList rows = BsatnRowList.of(List.of(bytes("01000000 61"), bytes("02000000 6263")));
        encodesTo(new UnsubscribeApplied(3, new QuerySetId(2),
                Optional.of(new QueryRows(List.of(new SingleTableRows("user", rows))))), """
                00                  // compression: none
                02                  // ServerMessage::UnsubscribeApplied
                03000000            // request_id 3
                02000000            // query_set_id 2
                00                  // rows: Option::Some (tag 0)
                01000000            //   1 SingleTableRows
                04000000 "user"     //   table
                01                  //   size_hint: RowSizeHint::RowOffsets
                02000000            //     2 offsets, u64 each
                0000000000000000    //     0
                0500000000000000    //     5
                0b000000            //   rows_data: 11 bytes
                01000000 61         //     "a"
                02000000 6263       //     "bc"
                """);
        encodesTo(new UnsubscribeApplied(3, new QuerySetId(2), Optional.empty()), """
                00 02 03000000 02000000
                01                  // rows: Option::None (tag 1)
                """);
    }

    @Test
    void subscriptionError() {
        encodesTo(new SubscriptionError(Optional.empty(), new QuerySetId(2), "no such table"), """
                00                          // compression: none
                03                          // ServerMessage::SubscriptionError
                01                          // request_id: Option::None (after a transaction)
                02000000                    // query_set_id 2
                0d000000 "no such table"    // error
                """);
        encodesTo(new SubscriptionError(Optional.of(5), new QuerySetId(2), "x"), """
                00 03
                00 05000000                 // request_id: Some(5)
                02000000 01000000 "x"
                """);
    }

    @Test
    void transactionUpdate() {
        TableUpdate user = new TableUpdate("user", List.of(new TableUpdateRows.PersistentTable(
                BsatnRowList.of(List.of(bytes("2a000000"))), BsatnRowList.empty())));
        TableUpdate event = new TableUpdate("event",
                List.of(new TableUpdateRows.EventTable(BsatnRowList.of(List.of(bytes("07"))))));
        encodesTo(new TransactionUpdate(List.of(new QuerySetUpdate(new QuerySetId(2), List.of(user, event)))), """
                00                      // compression: none
                04                      // ServerMessage::TransactionUpdate
                01000000                // query_sets: 1 QuerySetUpdate
                02000000                //   query_set_id 2
                02000000                //   tables: 2 TableUpdates
                04000000 "user"         //     table_name
                01000000                //     rows: 1 TableUpdateRows
                00                      //       TableUpdateRows::PersistentTable
                00 0400 04000000 2a000000   //     inserts: FixedSize(4), one row
                01 00000000 00000000    //         deletes: RowOffsets([]), no data
                05000000 "event"        //     table_name
                01000000                //     rows: 1 TableUpdateRows
                01                      //       TableUpdateRows::EventTable
                00 0100 01000000 07     //         events: FixedSize(1), one row
                """);
    }

    @Test
    void oneOffQueryResult() {
        encodesTo(new OneOffQueryResult(9, new QueryResult.Err("bad query")), """
                00                      // compression: none
                05                      // ServerMessage::OneOffQueryResult
                09000000                // request_id 9
                01                      // result: Result::Err (tag 1)
                09000000 "bad query"
                """);
        encodesTo(new OneOffQueryResult(9, new QueryResult.Ok(new QueryRows(List.of()))), """
                00 05 09000000
                00                      // result: Result::Ok (tag 0)
                00000000                // QueryRows { tables: [] }
                """);
    }

    @Test
    void reducerResult() {
        encodesTo(new ReducerResult(7, AT, new ReducerOutcome.OkEmpty()), """
                00                      // compression: none
                06                      // ServerMessage::ReducerResult
                07000000                // request_id 7
                %s                      // timestamp: i64 microseconds since the epoch
                01                      // result: ReducerOutcome::OkEmpty
                """.formatted(AT_HEX));
        encodesTo(new ReducerResult(7, AT, new ReducerOutcome.Ok(new byte[0], new TransactionUpdate(List.of()))), """
                00 06 07000000 %s
                00                      // ReducerOutcome::Ok(ReducerOk {
                00000000                //   ret_value: no bytes
                00000000                //   transaction_update: TransactionUpdate { query_sets: [] } })
                """.formatted(AT_HEX));
        encodesTo(new ReducerResult(7, AT, ReducerOutcome.Err.of("not allowed")), """
                00 06 07000000 %s
                02                      // ReducerOutcome::Err(Bytes): what the TypeScript SDK reads as a string
                0f000000                //   15 bytes:
                0b000000 "not allowed"  //   the BSATN string
                """.formatted(AT_HEX));
        encodesTo(new ReducerResult(7, AT, new ReducerOutcome.InternalError("no such reducer")), """
                00 06 07000000 %s
                03                          // ReducerOutcome::InternalError
                0f000000 "no such reducer"
                """.formatted(AT_HEX));
    }

    @Test
    void procedureResult() {
        encodesTo(new ProcedureResult(new ProcedureStatus.Returned(new byte[] {42}), AT, Duration.ofNanos(1_500_000),
                8), """
                00                      // compression: none
                07                      // ServerMessage::ProcedureResult
                00 01000000 2a          // status: ProcedureStatus::Returned(Bytes [42])
                %s                      // timestamp
                dc05000000000000        // total_host_execution_duration: i64 1500 us
                08000000                // request_id 8: last, as v2.rs declares it
                """.formatted(AT_HEX));
        encodesTo(new ProcedureResult(new ProcedureStatus.InternalError("no"), AT, Duration.ZERO, 8), """
                00 07
                01 02000000 "no"        // ProcedureStatus::InternalError
                %s 0000000000000000 08000000
                """.formatted(AT_HEX));
    }

    @Test
    void rowListsUseFixedSizeOnlyForEqualNonZeroSizes() {
        assertThat(BsatnRowList.empty().sizeHint()).isEqualTo(new RowSizeHint.RowOffsets(List.of()));
        assertThat(BsatnRowList.of(List.of())).isEqualTo(BsatnRowList.empty());
        BsatnRowList empties = BsatnRowList.of(List.of(new byte[0], new byte[0]));
        assertThat(empties.sizeHint()).isEqualTo(new RowSizeHint.RowOffsets(List.of(0L, 0L)));
        assertThat(empties.rows()).hasSize(2).allSatisfy(r -> assertThat(r).isEmpty());
        byte[] big = new byte[70_000];
        BsatnRowList large = BsatnRowList.of(List.of(big, big));
        assertThat(large.sizeHint()).isEqualTo(new RowSizeHint.RowOffsets(List.of(0L, 70_000L)));
        SubscribeApplied applied = new SubscribeApplied(1, new QuerySetId(1),
                new QueryRows(List.of(new SingleTableRows("t", large))));
        byte[] frame = V2Protocol.encodeServerMessage(applied);
        assertThat(frame).hasSize(1 + 1 + 4 + 4 + 4 + 5 + 1 + 4 + 16 + 4 + 140_000);
        assertThat(V2Protocol.decodeServerMessage(frame)).isEqualTo(applied);
        BsatnRowList fixed = BsatnRowList.of(List.of(new byte[] {1, 2}, new byte[] {3, 4}, new byte[] {5, 6}));
        assertThat(fixed.sizeHint()).isEqualTo(new RowSizeHint.FixedSize((short) 2));
        assertThat(fixed.rows()).containsExactly(new byte[] {1, 2}, new byte[] {3, 4}, new byte[] {5, 6});
        BsatnRowList mixed = BsatnRowList.of(List.of(new byte[] {1}, new byte[] {2, 3}));
        assertThat(mixed.rows()).containsExactly(new byte[] {1}, new byte[] {2, 3});
        BsatnRowList max = BsatnRowList.of(List.of(new byte[0xffff]));
        assertThat(max.sizeHint()).isEqualTo(new RowSizeHint.FixedSize((short) 0xffff));
        assertThat(max.rows()).hasSize(1);
    }
}
