// A chat page of Warden's own for BrowserChatTest, bundled by browser_driver.ts and run in headless Chromium.
// It does what SpacetimeDB's templates/chat-react-ts UI does, without React: it keeps its token in localStorage
// under the template's key, connects with it (anonymously the first time), subscribes through the bindings' typed
// query builder (`tables.user.where(r => r.online.eq(true))`, which sends qualified, quoted SQL), and offers a
// name form and a message form. The page is served from another origin than the host, as a deployed app is, so
// the SDK's token exchange needs the host's CORS answer.
import { Identity } from 'spacetimedb';
import { DbConnection, tables } from '../quickstart_chat/module_bindings/index.js';

const params = new URLSearchParams(location.search);
const HOST = params.get('host') ?? 'ws://localhost:3000';
const DB_NAME = params.get('db') ?? 'quickstart-chat';
const TOKEN_KEY = `${HOST}/${DB_NAME}/auth_token`;

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`the page has no #${id}`);
  }
  return found;
}

function show(id: string, text: string): void {
  element(id).textContent = text;
}

let conn: DbConnection | undefined;
let me: Identity | undefined;

function render(): void {
  if (conn === undefined || me === undefined) {
    return;
  }
  const self = me;
  const users = Array.from(conn.db.user.iter());
  const mine = users.find(u => u.identity.isEqual(self));
  show('name', mine?.name ?? self.toHexString().substring(0, 8));
  show('online', users.filter(u => u.online).map(u => u.name ?? u.identity.toHexString().substring(0, 8)).join(','));
  const list = element('messages');
  list.replaceChildren();
  const messages = Array.from(conn.db.message.iter()).sort((a, b) =>
    a.sent.microsSinceUnixEpoch < b.sent.microsSinceUnixEpoch ? -1 : 1
  );
  for (const m of messages) {
    const sender = users.find(u => u.identity.isEqual(m.sender));
    const item = document.createElement('li');
    item.textContent = `${sender?.name ?? m.sender.toHexString().substring(0, 8)}: ${m.text}`;
    list.appendChild(item);
  }
}

DbConnection.builder()
  .withUri(HOST)
  .withDatabaseName(DB_NAME)
  .withToken(localStorage.getItem(TOKEN_KEY) || undefined)
  .onConnect((connection, identity, token) => {
    localStorage.setItem(TOKEN_KEY, token);
    conn = connection;
    me = identity;
    show('identity', identity.toHexString());
    connection.db.user.onInsert(render);
    connection.db.user.onDelete(render);
    connection.db.user.onUpdate?.(render);
    connection.db.message.onInsert(render);
    connection
      .subscriptionBuilder()
      .onApplied(() => {
        render();
        show('status', 'connected');
      })
      .onError(ctx => show('status', `subscription error: ${String(ctx.event)}`))
      .subscribe([tables.message, tables.user.where(r => r.online.eq(true)), tables.user.where(r => r.online.eq(false))]);
  })
  .onConnectError((_ctx, error) => show('status', `connect error: ${error.message}`))
  .onDisconnect((_ctx, error) => show('status', `disconnected: ${error?.message ?? 'closed'}`))
  .build();

element('name-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = element('name-input') as HTMLInputElement;
  conn?.reducers.setName({ name: input.value }).catch((e: Error) => show('error', e.message));
});

element('message-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = element('message-input') as HTMLInputElement;
  const text = input.value;
  input.value = '';
  conn?.reducers.sendMessage({ text }).catch((e: Error) => show('error', e.message));
});
