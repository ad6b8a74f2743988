// The bindings `spacetime generate --lang typescript` would write for the examples' chat module
// (examples/src/main/java/dev/warden/examples/ChatModule.java), written once by hand in the layout of
// SpacetimeDB 2.8.3's generator (templates/chat-react-ts/src/module_bindings in its repository).
// Change them with the module: a reducer's parameters or a row's fields in another order or of another
// type decode as garbage.

/* eslint-disable */
/* tslint:disable */
import { t as __t } from 'spacetimedb';

/** create_post(text): authenticated callers only; returns the new post's id (not sent to the caller). */
export default {
  text: __t.string(),
};
