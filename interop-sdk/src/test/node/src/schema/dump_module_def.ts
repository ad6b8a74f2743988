// Prints, in hex, the BSATN RawModuleDef that SpacetimeDB's TypeScript module library builds for one of the
// modules in this directory: exactly what `__describe_module__` hands SpacetimeDB when the module is published.
// Run with `node --import ./schema-loader/register.mjs out/schema/dump_module_def.js out/schema/<module>.js`.
export {};

const write = process.stdout.write.bind(process.stdout); // spacetimedb/server replaces the global console

const mod = await import(new URL(process.argv[2], `file://${process.cwd()}/`).href);
const schema = mod.default;
// the module's hooks live under the `moduleHooks` symbol, the only symbol-keyed method of the library's Schema
const hooksKey = Object.getOwnPropertySymbols(Object.getPrototypeOf(schema))[0];
const hooks = schema[hooksKey](mod);
const bytes: Uint8Array = hooks.__describe_module__();
write(Buffer.from(bytes).toString('hex') + '\n');
