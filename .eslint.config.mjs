import tseslint from 'typescript-eslint';

const MAIN_PROCESS_PATTERNS = [
  { group: ['**/src-renderer/**'], message: 'src-main never imports the renderer.' },
  { group: ['electron'], message: 'Only main.ts, preload.ts and shell/ may import electron; the core runs under plain Node.' },
];

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'stream', 'worker_threads'];

/** The folders of src-main that serve the contract; each is used by the others only through its index.ts. */
const CAPABILITIES = ['audit', 'hub', 'system', 'shipments', 'sync', 'tracking', 'updates', 'reconcile', 'returns', 'exceptions', 'reports', 'exports'];

const capabilityBoundary = (own) => ({
  files: [`src-main/${own}/**/*.ts`],
  ignores: ['src-main/**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...MAIN_PROCESS_PATTERNS,
          {
            regex: `^(\\.\\./)+(${CAPABILITIES.filter((c) => c !== own).join('|')})/(?!index$)`,
            message: `A capability uses another only through its index.ts: import from '../<capability>'.`,
          },
        ],
      },
    ],
  },
});

/** The three rooms and who may import what; a wrong import fails lint, not review. */
export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports neither side.' },
            { group: ['electron', ...nodeBuiltins], message: 'src-shared is pure: no electron, no Node built-ins, no DOM.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/e2e/**', 'src-renderer/vite.config.mts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**'], message: 'The renderer reaches the core only through the api client.' },
            { group: ['electron', ...nodeBuiltins], message: 'The renderer never imports electron or Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    // Features import stores, never the reverse: a store is state and I/O, a feature is what draws it.
    files: ['src-renderer/stores/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/features/**', '**/app/**'], message: 'Stores never import features or the app shell; move what both need into stores/.' },
            { group: ['**/src-main/**'], message: 'The renderer reaches the core only through the api client.' },
            { group: ['electron', ...nodeBuiltins], message: 'The renderer never imports electron or Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/main.ts', 'src-main/preload.ts', 'src-main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: MAIN_PROCESS_PATTERNS }],
    },
  },
  // Later entries replace the rule for the same files, so each capability's list repeats the process rules.
  ...CAPABILITIES.map(capabilityBoundary),
);
