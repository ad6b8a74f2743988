// Node module hooks for running spacetimedb/server's definition code outside SpacetimeDB (Warden's own code).
//
// The library imports SpacetimeDB's host runtime as the ES modules `spacetime:sys@2.0` and `spacetime:sys@2.1`.
// Building a RawModuleDef calls none of the host's functions; importing the library touches exactly two names,
// and only these are stubbed:
//   - `moduleHooks` (spacetime:sys@2.0): the symbol under which a module's default export hands SpacetimeDB its
//     hooks; here a fresh Symbol;
//   - `row_iter_bsatn_close` (spacetime:sys@2.0): passed to a FinalizationRegistry when the library loads; here a
//     function that throws if it is ever called.
// spacetime:sys@2.1 is an empty module. Any other host call would fail with "not a function".
//
// The library's bundle uses `using` declarations, which Node 20 cannot parse; the bundle is passed through the
// TypeScript compiler (transpileModule, ES2022 target), which rewrites them with try/finally and changes nothing else.
import ts from 'typescript';

const SYS_2_0 = `
export const moduleHooks = Symbol('moduleHooks');
export function row_iter_bsatn_close() {
  throw new Error('host call row_iter_bsatn_close is not available outside SpacetimeDB');
}
`;

export async function resolve(specifier, context, next) {
  if (specifier === 'spacetime:sys@2.0' || specifier === 'spacetime:sys@2.1') {
    return { url: specifier, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url === 'spacetime:sys@2.0') {
    return { format: 'module', shortCircuit: true, source: SYS_2_0 };
  }
  if (url === 'spacetime:sys@2.1') {
    return { format: 'module', shortCircuit: true, source: '' };
  }
  const loaded = await next(url, context);
  if (url.includes('/node_modules/spacetimedb/dist/server/')) {
    const out = ts.transpileModule(String(loaded.source), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    return { ...loaded, source: out.outputText };
  }
  return loaded;
}
