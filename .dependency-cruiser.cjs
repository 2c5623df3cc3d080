/**
 * The direction of the layers, checked on every `npm test` (npm run lint:layers):
 *
 *   core/      pure and browser-safe: records, results schema, chart specs, interface strings,
 *              cell view logic. Imports nothing of the others, and no node:* module.
 *   store/     the project on disk (cells, results, history, staleness). Imports core.
 *   export/    the Jupyter notebook export. Imports core and store.
 *   runners/   Node only: engine, queue, the local server, CLIs, the cell SDK. Imports core,
 *              store and export.
 *   src/       the site: pages and components (core, store, export at build time), and
 *              src/client/ for the browser (core and src/lib only).
 *   notebooks/ the cells: their own helpers, the SDK (runners/sdk.ts), and core.
 *   tools/     benchmarks of the site itself (perf, weight); nothing imports them.
 *
 * A violation names the importing file and the imported one.
 */
const layer = (name, mayImport) => ({
  name: `${name}-imports-only-${mayImport.join('-') || 'itself'}`,
  severity: 'error',
  comment: `${name}/ may import only ${[name, ...mayImport].join(', ')} (and packages)`,
  // Tests beside a module may also use the shared test helpers.
  from: { path: `^${name}/`, pathNot: '\\.test\\.ts$' },
  to: { path: '^(core|store|export|runners|src|notebooks|tools|tests)/', pathNot: `^(${[name, ...mayImport].join('|')})/` },
});

module.exports = {
  forbidden: [
    layer('core', []),
    layer('store', ['core']),
    layer('export', ['core', 'store']),
    layer('runners', ['core', 'store', 'export']),
    layer('src', ['core', 'store', 'export']),
    layer('tools', ['core', 'store', 'export', 'runners', 'src', 'tests']),
    {
      name: 'core-is-browser-safe',
      severity: 'error',
      comment: 'core/ runs in the browser too: no Node built-ins',
      from: { path: '^core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-stays-in-the-browser',
      severity: 'error',
      comment: 'src/client/ is bundled for the browser: core, src/lib, src/styles and packages only, no Node built-ins',
      from: { path: '^src/client/' },
      to: { path: '^(store|export|runners|notebooks|tools|tests|src/pages|src/components)/' },
    },
    {
      name: 'browser-code-has-no-node-builtins',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'cells-use-the-sdk-not-the-runner',
      severity: 'error',
      comment: 'a cell imports its chapter helpers, notebooks/lib, the SDK and core: never the runner itself',
      from: { path: '^notebooks/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(store|export|runners|src|tools|tests)/', pathNot: '^runners/(sdk|channel)\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules that import each other in a loop',
      from: { path: '^(core|store|export|runners|src|notebooks|tools)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.astro|\\.runs)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.mjs', '.js', '.astro'] },
  },
};
