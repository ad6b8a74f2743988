// The client bindings `spacetime generate --lang typescript` wrote for the quickstart chat, copied from
// templates/chat-react-ts/src/module_bindings/types/reducers.ts
// (clockworklabs/SpacetimeDB fb7282411b0b) unchanged but for this header and the .js extension of relative
// imports, which Node's ES modules need. The template's own client uses them; here they talk to Warden's port
// dev.warden.examples.quickstart.QuickstartChat (examples), which keeps every table, column order and type, and reducer
// signature they declare.

/* eslint-disable */
/* tslint:disable */
import { type Infer as __Infer } from 'spacetimedb';

// Import all reducer arg schemas
import SendMessageReducer from '../send_message_reducer.js';
import SetNameReducer from '../set_name_reducer.js';

export type SendMessageParams = __Infer<typeof SendMessageReducer>;
export type SetNameParams = __Infer<typeof SetNameReducer>;
