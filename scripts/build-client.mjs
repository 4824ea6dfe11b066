#!/usr/bin/env node
// Bundles the admin page's client (src/admin/client) into public/assets/admin.js and admin.css with esbuild.
// The output is build output (gitignored): `npm start`, `npm test` and `npm run build:worker` run this first.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: [
    { in: 'src/admin/client/main.ts', out: 'admin' },
    { in: 'src/admin/client/admin.css', out: 'admin' },
  ],
  outdir: 'public/assets',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
