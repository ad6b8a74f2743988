package dev.warden.host.internal.v2;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message from the server (v2.rs: {@code pub enum ServerMessage}, tags in this order: 0
 * {@code InitialConnection}, 1 {@code SubscribeApplied}, 2 {@code UnsubscribeApplied}, 3
 * {@code SubscriptionError}, 4 {@code TransactionUpdate}, 5 {@code OneOffQueryResult}, 6 {@code ReducerResult}, 7
 * {@code ProcedureResult}). On the wire each is preceded by a compression tag byte: see {@link V2Protocol}.
 */
public sealed interface ServerMessage permits ServerMessage.InitialConnection, ServerMessage.SubscribeApplied,
        ServerMessage.UnsubscribeApplied, ServerMessage.SubscriptionError, ServerMessage.TransactionUpdate,
        ServerMessage.OneOffQueryResult, ServerMessage.ReducerResult, ServerMessage.ProcedureResult {

    /**
     * The first message of every connection (v2.rs: {@code pub struct InitialConnection}; sent by
     * crates/client-api/src/routes/subscribe.rs once {@code client_connected} accepted the client).
     *
     * @param identity {@code identity: Identity}: the caller's
     * @param connectionId {@code connection_id: ConnectionId}: the one from the URL, or a fresh random one
     * @param token {@code token: Box<str>}: the token the client connected with, or the one minted for an
     *     anonymous client (the TypeScript SDK keeps its own token if it had one)
     */
    record InitialConnection(Identity identity, ConnectionId connectionId, String token) implements ServerMessage {

        @Override
        public String toString() {
            return "InitialConnection[identity=" + identity + ", connectionId=" + connectionId + ", token=...]";
        }
    }

    /**
     * A subscription's initial rows (v2.rs: {@code pub struct SubscribeApplied}).
     *
     * @param requestId {@code request_id: u32}, the {@code Subscribe}'s
     * @param querySetId {@code query_set_id: QuerySetId}, the {@code Subscribe}'s
     * @param rows {@code rows: QueryRows}
     */
    record SubscribeApplied(int requestId, QuerySetId querySetId, QueryRows rows) implements ServerMessage {}

    /**
     * A subscription ended (v2.rs: {@code pub struct UnsubscribeApplied}).
     *
     * @param requestId {@code request_id: u32}, the {@code Unsubscribe}'s
     * @param querySetId {@code query_set_id: QuerySetId}
     * @param rows {@code rows: Option<QueryRows>}: the rows to drop, present only for
     *     {@link UnsubscribeFlags#SEND_DROPPED_ROWS}
     */
    record UnsubscribeApplied(int requestId, QuerySetId querySetId, Optional<QueryRows> rows)
            implements ServerMessage {}

    /**
     * A subscription failed, initially or later (v2.rs: {@code pub struct SubscriptionError}).
     *
     * @param requestId {@code request_id: Option<u32>}: the {@code Subscribe}'s, or empty when a transaction
     *     made the query fail later
     * @param querySetId {@code query_set_id: QuerySetId}
     * @param error {@code error: Box<str>}, for diagnostics; should not repeat the query
     */
    record SubscriptionError(Optional<Integer> requestId, QuerySetId querySetId, String error)
            implements ServerMessage {}

    /**
     * A committed transaction's changes to the client's query sets (v2.rs: {@code pub struct TransactionUpdate {
     * pub query_sets: Box<[QuerySetUpdate]> }}); never sent empty on its own.
     *
     * @param querySets {@code query_sets}: only the sets the transaction changed
     */
    record TransactionUpdate(List<QuerySetUpdate> querySets) implements ServerMessage {}

    /**
     * A one-off query's answer (v2.rs: {@code pub struct OneOffQueryResult}).
     *
     * @param requestId {@code request_id: u32}, the {@code OneOffQuery}'s
     * @param result {@code result: Result<QueryRows, Box<str>>}
     */
    record OneOffQueryResult(int requestId, QueryResult result) implements ServerMessage {}

    /**
     * A reducer call's answer (v2.rs: {@code pub struct ReducerResult}).
     *
     * @param requestId {@code request_id: u32}, the {@code CallReducer}'s
     * @param timestamp {@code timestamp: Timestamp}: when the reducer started (the Rust comment says nanoseconds;
     *     the type is {@code i64} microseconds, crates/sats/src/timestamp.rs)
     * @param result {@code result: ReducerOutcome}
     */
    record ReducerResult(int requestId, Instant timestamp, ReducerOutcome result) implements ServerMessage {}

    /**
     * A procedure call's answer (v2.rs: {@code pub struct ProcedureResult}; note {@code request_id} comes last).
     *
     * @param status {@code status: ProcedureStatus}
     * @param timestamp {@code timestamp: Timestamp}: when the procedure started
     * @param totalHostExecutionDuration {@code total_host_execution_duration: TimeDuration}
     * @param requestId {@code request_id: u32}, the {@code CallProcedure}'s
     */
    record ProcedureResult(ProcedureStatus status, Instant timestamp, Duration totalHostExecutionDuration,
                           int requestId) implements ServerMessage {}
}
