// The client bindings `spacetime generate --lang typescript` wrote for the quickstart chat, copied from
// templates/chat-react-ts/src/module_bindings/set_name_reducer.ts
// (clockworklabs/SpacetimeDB fb7282411b0b) unchanged but for this header and the .js extension of relative
// imports, which Node's ES modules need. The template's own client uses them; here they talk to Warden's port
// dev.warden.examples.quickstart.QuickstartChat (examples), which keeps every table, column order and type, and reducer
// signature they declare.

/* eslint-disable */
/* tslint:disable */
import {
  TypeBuilder as __TypeBuilder,
  t as __t,
  type AlgebraicTypeType as __AlgebraicTypeType,
  type Infer as __Infer,
} from 'spacetimedb';

export default {
  name: __t.string(),
};
