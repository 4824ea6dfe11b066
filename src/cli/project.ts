/** Facts the CLI reads from the checkout itself: the app's access scopes and its Flow extensions. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './command';

/** The checkout's root directory (where package.json and shopify.app.toml live). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The scopes in `shopify.app.toml` `[access_scopes] scopes`: what an OAuth install of this app would grant. */
export async function readAppScopes(root = PROJECT_ROOT): Promise<string[]> {
  const parse = await tomlParser();
  const file = join(root, 'shopify.app.toml');
  let doc: Record<string, unknown>;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      `cannot read the app's access scopes from ${file} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): pass --scopes`,
    );
  }
  const scopes = (doc.access_scopes as { scopes?: unknown } | undefined)?.scopes;
  const list =
    typeof scopes === 'string'
      ? scopes
          .split(',')
          .map((scope) => scope.trim())
          .filter(Boolean)
      : [];
  if (list.length === 0) throw new CliError(`${file} has no [access_scopes] scopes: pass --scopes`);
  return [...new Set(list)];
}

export interface FlowActionExtension {
  handle: string;
  name: string;
}

/** The Flow action extensions under `extensions/` (handle and display name); empty when there are none. */
export async function readFlowActions(root = PROJECT_ROOT): Promise<FlowActionExtension[]> {
  const dir = join(root, 'extensions');
  if (!existsSync(dir)) return [];
  const parse = await tomlParser();
  const actions: FlowActionExtension[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name, 'shopify.extension.toml');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    try {
      const doc = parse(readFileSync(file, 'utf8'));
      for (const extension of (doc.extensions as unknown[] | undefined) ?? []) {
        const { type, handle, name } = extension as Record<string, unknown>;
        if (type === 'flow_action' && typeof handle === 'string') actions.push({ handle, name: typeof name === 'string' ? name : handle });
      }
    } catch {
      // A broken extension file is the Shopify CLI's to report; `flow send` only uses these for niceties.
    }
  }
  return actions.sort((a, b) => a.handle.localeCompare(b.handle));
}

/** smol-toml is a devDependency: load it only when a command reads TOML, so the rest of the CLI works without it. */
async function tomlParser(): Promise<(text: string) => Record<string, unknown>> {
  try {
    return (await import('smol-toml')).parse;
  } catch {
    throw new CliError('reading shopify.app.toml and extensions/ needs the dev dependencies: run `npm ci` (or pass --scopes)');
  }
}
