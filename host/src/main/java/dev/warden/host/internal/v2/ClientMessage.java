package dev.warden.host.internal.v2;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message from the client (v2.rs: {@code pub enum ClientMessage}, tags in this order: 0 {@code Subscribe}, 1
 * {@code Unsubscribe}, 2 {@code OneOffQuery}, 3 {@code CallReducer}, 4 {@code CallProcedure}). Each carries a
 * client-chosen {@code request_id} that the server's answer repeats.
 */
public sealed interface ClientMessage permits ClientMessage.Subscribe, ClientMessage.Unsubscribe,
        ClientMessage.OneOffQuery, ClientMessage.CallReducer, ClientMessage.CallProcedure {

    /**
     * Subscribes to a set of queries (v2.rs: {@code pub struct Subscribe}); answered by
     * {@link ServerMessage.SubscribeApplied} or {@link ServerMessage.SubscriptionError}.
     *
     * @param requestId {@code request_id: u32}
     * @param querySetId {@code query_set_id: QuerySetId}, unique within the connection
     * @param queryStrings {@code query_strings: Box<[Box<str>]>}, each one SQL {@code SELECT}
     */
    record Subscribe(int requestId, QuerySetId querySetId, List<String> queryStrings) implements ClientMessage {}

    /**
     * Ends a subscription (v2.rs: {@code pub struct Unsubscribe}); answered by
     * {@link ServerMessage.UnsubscribeApplied}.
     *
     * @param requestId {@code request_id: u32}
     * @param querySetId {@code query_set_id: QuerySetId}, as subscribed
     * @param flags {@code flags: UnsubscribeFlags}
     */
    record Unsubscribe(int requestId, QuerySetId querySetId, UnsubscribeFlags flags) implements ClientMessage {}

    /**
     * Runs a query once (v2.rs: {@code pub struct OneOffQuery}); answered by {@link ServerMessage.OneOffQueryResult}.
     *
     * @param requestId {@code request_id: u32}
     * @param queryString {@code query_string: Box<str>}, one SQL {@code SELECT}
     */
    record OneOffQuery(int requestId, String queryString) implements ClientMessage {}

    /**
     * Calls a reducer (v2.rs: {@code pub struct CallReducer}); answered by {@link ServerMessage.ReducerResult}.
     *
     * @param requestId {@code request_id: u32}
     * @param flags {@code flags: CallReducerFlags}, reserved 0
     * @param reducer {@code reducer: Box<str>}, the reducer's name
     * @param args {@code args: Bytes}: the BSATN product of the reducer's parameters, in declaration order
     */
    record CallReducer(int requestId, CallReducerFlags flags, String reducer, byte[] args) implements ClientMessage {

        @Override
        public boolean equals(Object o) {
            return o instanceof CallReducer c && requestId == c.requestId && flags == c.flags
                    && reducer.equals(c.reducer) && Arrays.equals(args, c.args);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, flags, reducer, Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return "CallReducer[requestId=" + Integer.toUnsignedString(requestId) + ", reducer=" + reducer
                    + ", args=" + args.length + " bytes]";
        }
    }

    /**
     * Calls a procedure (v2.rs: {@code pub struct CallProcedure}); answered by {@link ServerMessage.ProcedureResult}.
     *
     * @param requestId {@code request_id: u32}
     * @param flags {@code flags: CallProcedureFlags}, reserved 0
     * @param procedure {@code procedure: Box<str>}, the procedure's name
     * @param args {@code args: Bytes}: the BSATN product of the procedure's parameters
     */
    record CallProcedure(int requestId, CallProcedureFlags flags, String procedure, byte[] args)
            implements ClientMessage {

        @Override
        public boolean equals(Object o) {
            return o instanceof CallProcedure c && requestId == c.requestId && flags == c.flags
                    && procedure.equals(c.procedure) && Arrays.equals(args, c.args);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, flags, procedure, Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return "CallProcedure[requestId=" + Integer.toUnsignedString(requestId) + ", procedure=" + procedure
                    + ", args=" + args.length + " bytes]";
        }
    }
}
