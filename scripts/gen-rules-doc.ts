/** Writes docs/rules.md from the rules engine's schema, operators and examples (`npm run docs:rules`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRulesDoc } from '../src/rules/docs/render';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/rules.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderRulesDoc());
console.log(`wrote ${target}`);
