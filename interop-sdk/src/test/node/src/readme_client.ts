// The client in the README's "SpacetimeDB's TypeScript SDK" section, compiled and run by ReadmeClientTest.
import { DbConnection } from './module_bindings/index.js';

DbConnection.builder()
  .withUri(process.env.WARDEN_URI ?? 'ws://127.0.0.1:3000')
  .withDatabaseName('chat')
  .withToken(process.env.TOKEN) // an ID token from a trusted issuer; none: an anonymous identity
  .onConnect((conn, identity) => {
    console.log(`connected as ${identity.toHexString()}`);
    conn.db.posts.onInsert((_ctx, post) => console.log(`post ${post.id}: ${post.text}`));
    conn.subscriptionBuilder().onApplied(() => conn.reducers.createPost({ text: 'hello' })
      .catch(e => console.log(`denied: ${e.message}`))).subscribe('SELECT * FROM posts');
  })
  .onConnectError((_ctx, e) => console.log(`rejected: ${e.message}`))
  .build();
