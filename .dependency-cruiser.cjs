// The layers of src/, enforced in `npm test` (`npm run lint:layers`). Imports point one way only:
//
//   shared, hosting  ←  schemas  ←  sandbox  ←  course  ←  components  ←  pages
//                                                  ↑
//                                 node (files, build)  ←  cli, pages, .astro components
//
// - shared/: leaf helpers (Go regexp and duration, topology names) that anything may use.
// - schemas/: zod schemas for every input; they may use shared/ only.
// - sandbox/: the tracing engines; course/: grading, progress, exports.
// - hosting/: the nginx recipe and the page policy (build time).
// - node/: code that reads files or runs at build time. No engine and no island may import it,
//   so nothing that touches the file system can end up in a browser bundle.
// - components/: islands (.tsx) and their Astro wrappers. Astro files are not parsed here; they
//   run at build time and may read node/ (their frontmatter never reaches the browser).
/** @type {import('dependency-cruiser').IConfiguration} */
const layer = (name, allowed) => ({
  name: `layer-${name}`,
  severity: 'error',
  comment:
    `src/${name}/ may import only from ${allowed.map((a) => `src/${a}/`).join(', ')} and packages. ` +
    'Move the shared piece down to the lowest layer that needs it (a leaf helper goes in src/shared/), ' +
    'or move this module up; see the layer diagram at the top of .dependency-cruiser.cjs.',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/(${[name, ...allowed].join('|')})/`] },
});

module.exports = {
  forbidden: [
    layer('shared', []),
    layer('hosting', []),
    layer('schemas', ['shared']),
    layer('sandbox', ['shared', 'schemas']),
    layer('course', ['shared', 'schemas', 'sandbox']),
    layer('node', ['shared', 'schemas', 'sandbox', 'course', 'hosting']),
    layer('components', ['shared', 'schemas', 'sandbox', 'course', 'node']),
    layer('cli', ['shared', 'schemas', 'sandbox', 'course', 'node']),
    {
      name: 'island-reads-files',
      severity: 'error',
      comment:
        'A browser module (an island or anything it imports) reaches src/node/, which reads files at build time. ' +
        'Pass what the island needs as props from its .astro wrapper instead.',
      from: { path: '^src/components/.*\\.tsx?$' },
      to: { path: '^src/node/' },
    },
    {
      name: 'engine-uses-node-builtin',
      severity: 'error',
      comment: 'Engines and islands run in the browser: a node: built-in (fs, path, crypto…) belongs in src/node/ or src/cli/.',
      from: { path: '^src/(shared|schemas|sandbox|course|components)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a circle; move what both need into a third module.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import names a file or package that does not exist.',
      from: { path: '^src/' },
      // astro:* modules are virtual (made by Astro); `hast` is a types-only package.
      to: { couldNotResolve: true, pathNot: '^(astro:.+|hast)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.astro)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
