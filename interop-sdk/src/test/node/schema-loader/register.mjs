// Lets Node load SpacetimeDB's TypeScript module library (spacetimedb/server) outside SpacetimeDB, only to build
// a module's RawModuleDef: see hooks.mjs.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
