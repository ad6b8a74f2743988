// The client bindings `spacetime generate --lang typescript` wrote for the money exchange, copied from
// templates/money-exchange-react-ts/src/module_bindings/types.ts
// (clockworklabs/SpacetimeDB fb7282411b0b) unchanged but for this header and the .js extension of relative
// imports, which Node's ES modules need. The template's own client uses them; here they talk to Warden's port
// dev.warden.examples.bank.MoneyExchange (examples), which keeps every table, column order and type, and reducer
// signature they declare.

/* eslint-disable */
/* tslint:disable */
import {
  TypeBuilder as __TypeBuilder,
  t as __t,
  type AlgebraicTypeType as __AlgebraicTypeType,
  type Infer as __Infer,
} from 'spacetimedb';

export const Account = __t.object('Account', {
  identity: __t.identity(),
  balanceCents: __t.u64(),
});
export type Account = __Infer<typeof Account>;

export const AccountChange = __t.object('AccountChange', {
  id: __t.u64(),
  accountIdentity: __t.identity(),
  counterpartyIdentity: __t.identity(),
  get direction() {
    return ChangeDirection;
  },
  amountCents: __t.u64(),
  createdAt: __t.timestamp(),
});
export type AccountChange = __Infer<typeof AccountChange>;

// The tagged union or sum type for the algebraic type `ChangeDirection`.
export const ChangeDirection = __t.enum('ChangeDirection', {
  Credit: __t.unit(),
  Debit: __t.unit(),
});
export type ChangeDirection = __Infer<typeof ChangeDirection>;

export const Directory = __t.object('Directory', {
  identity: __t.identity(),
  name: __t.string(),
  nameKey: __t.string(),
});
export type Directory = __Infer<typeof Directory>;

export const MyAccount = __t.object('MyAccount', {});
export type MyAccount = __Infer<typeof MyAccount>;

export const MyAccountChanges = __t.object('MyAccountChanges', {});
export type MyAccountChanges = __Infer<typeof MyAccountChanges>;
