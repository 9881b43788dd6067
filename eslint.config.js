// Import boundaries between the four runtimes are enforced here, not by convention:
// shared imports nothing of ours; client, server and simulator meet only in shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const zone = (files, forbidden, extra = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        ...forbidden.map((dir) => ({ group: [`**/${dir}/**`, `**/${dir}`], message: `${files[0]} must not import from src/${dir}.` })),
        ...extra,
      ],
    }],
  },
});

// libphonenumber's metadata alone would be a third of the browser's first load, zod a quarter: the
// server formats numbers (displayNumber) and the browser checks answers with src/client/lib/shape.ts.
// The build refuses both too, transitively (vite.config.ts).
const serverOnlyInBrowser = [
  { group: ['libphonenumber-js', 'libphonenumber-js/*', '**/shared/phone-number*'], message: 'Numbering plans stay on the server: use the displayNumber the server sends.' },
  { group: ['zod', 'zod/*'], allowTypeImports: true, message: 'The browser runs no zod: check answers with src/client/lib/shape.ts.' },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'data', 'test-results', 'playwright-report', 'src/server/db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  zone(['src/shared/**'], ['client', 'server', 'simulator'], [
    { group: ['react', 'react-dom', 'node:*', 'fastify', 'werift', 'drizzle-orm', 'pg'], message: 'src/shared is pure: zod and small pure libraries only.' },
  ]),
  zone(['src/client/**'], ['server', 'simulator'], serverOnlyInBrowser),
  zone(['src/client/call/**'], ['server', 'simulator', 'features'], [
    { group: ['react', 'react-dom'], message: 'The call engine is plain TypeScript; React only renders it.' },
    ...serverOnlyInBrowser,
  ]),
  zone(['src/server/**'], ['client', 'simulator'], [
    { group: ['vite', 'vite/*', '@vitejs/*'], message: 'The server never loads Vite (hundreds of MB it would keep): client-build.ts builds in a child process.' },
  ]),
  zone(['src/simulator/**'], ['client', 'server']),
  zone(['e2e/**'], ['client']),
);
