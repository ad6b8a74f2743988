// The client bindings `spacetime generate --lang typescript` wrote for the quickstart chat, copied from
// templates/chat-react-ts/src/module_bindings/types.ts
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

export const Message = __t.object('Message', {
  sender: __t.identity(),
  sent: __t.timestamp(),
  text: __t.string(),
});
export type Message = __Infer<typeof Message>;

export const User = __t.object('User', {
  identity: __t.identity(),
  name: __t.option(__t.string()),
  online: __t.bool(),
});
export type User = __Infer<typeof User>;
