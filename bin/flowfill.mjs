#!/usr/bin/env node
// The `flowfill` command: runs the TypeScript CLI (src/cli/main.ts) through tsx, so a checkout needs no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Use the project's tsconfig whatever the working directory is.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv.slice(2));
