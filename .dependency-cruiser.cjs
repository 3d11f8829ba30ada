/**
 * The data flow, kept one way: load → validate → resolve → render → browser → check / build /
 * export / scaffold (the writers) → pipeline (the project functions of the API) → dev server →
 * commands → CLI. A folder may import from folders before it in
 * FLOW, never after it; the writers sit side by side and do not import each other.
 * The shared files at the top of src/ (errors, defaults, urls, …), src/output and src/vendor (the
 * parts of packages bundled at compile) import nothing from the stages.
 */
const FLOW = ['data', 'deck', 'render', 'browser', 'check|build|export|scaffold', 'pipeline', 'vite', 'commands']
const SHARED = '^src/((?!cli\\.ts|cli-start\\.ts|index\\.ts)[^/]+\\.ts|output/|vendor/)'

const backwards = FLOW.flatMap((layer, index) => {
  const later = FLOW.slice(index + 1).join('|')
  return later ? [{
    name: `flow-${layer.replace(/\|/g, '-')}`,
    comment: `src/${layer} comes before ${later} in the flow and must not import from it`,
    severity: 'error',
    from: { path: `^src/(${layer})/` },
    to: { path: `^src/(${later})/` },
  }] : []
})

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'a cycle hides which stage comes first', severity: 'error', from: {}, to: { circular: true } },
    ...backwards,
    {
      name: 'side-by-side',
      comment: 'check, build, export and scaffold each use the stages before them, not each other',
      severity: 'error',
      from: { path: '^src/(check|build|export|scaffold)/' },
      to: { path: '^src/(check|build|export|scaffold)/', pathNot: '^src/$1/' },
    },
    {
      name: 'shared-is-shared',
      comment: 'the shared files serve every stage and so import none of them',
      severity: 'error',
      from: { path: SHARED },
      to: { path: '^src/(data|deck|render|browser|check|build|export|scaffold|pipeline|vite|commands|client)/' },
    },
    {
      name: 'only-the-top-imports-vite-and-cli',
      comment: 'the dev server and the CLI are entry points, not libraries for the stages',
      severity: 'error',
      from: { path: '^src/(data|deck|render|browser|check|build|export|scaffold|output|pipeline|vite|commands)/' },
      to: { path: '^src/(cli|cli-start|index)\\.ts$' },
    },
    {
      name: 'client-stays-in-the-browser',
      comment: 'src/client runs in the presented deck: it imports no Node-side module, and none imports it',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/client/' },
    },
    {
      name: 'page-scripts-stay-in-the-page',
      comment: 'src/page-scripts runs in the print page (bundled by vite.config.ts): it imports no Node module or package, only types from the stages',
      severity: 'error',
      from: { path: '^src/page-scripts/' },
      to: { pathNot: '^src/page-scripts/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'page-scripts-are-injected-not-imported',
      comment: 'Node code calls the page scripts through src/browser/page-scripts.ts and imports only their types',
      severity: 'error',
      from: { pathNot: '^src/page-scripts/' },
      to: { path: '^src/page-scripts/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-client',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/client/' },
      to: { path: '^src/client/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
}
