// Checked by test/architecture.test.ts (and `npx depcruise src`): no import cycle between two
// modules, nor between two folders of src/ (ARCHITECTURE.md, "Folder dependencies").
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module reaches itself through its imports: move what both need to the one it belongs with.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'A folder of src/ reaches itself through its imports: dependencies between folders run one way.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // A type-only import is a dependency too: the type belongs below whoever uses it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
