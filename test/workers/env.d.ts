// Types `exports.default` from `cloudflare:workers` as a fetch handler: the Worker's default
// export (wrangler.toml's main). Declared by shape rather than `typeof import('src/worker')`,
// which would type-check all of src/ against workers-types instead of the root tsconfig's DOM lib.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: { default: ExportedHandler };
  }
}
