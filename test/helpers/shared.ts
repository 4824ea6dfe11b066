/** Paths into ../shared (the real Shopify schema, captures, JsonLogic suite), which CI lays beside the repo. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');
export const REAL_SCHEMA_PATH = resolve(SHARED_DIR, 'shopify/admin-2026-07.graphql');
export const CAPTURES_DIR = resolve(SHARED_DIR, 'shopify/captures');
export const hasShared = existsSync(REAL_SCHEMA_PATH);
export const SKIP_SHARED = `../shared is absent (expected at ${SHARED_DIR}): skipping tests that need the real Shopify schema and captures`;
