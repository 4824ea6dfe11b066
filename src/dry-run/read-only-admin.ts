/** The Admin client a dry run hands the action: queries pass, mutations are refused before they leave the process. */
import type { AdminClient } from '../shopify/client';

/** Thrown by the read-only client when an action tries to send a mutation during a dry run. */
export class MutationInDryRunError extends Error {
  constructor(name: string) {
    super(`A dry run tried to send the mutation ${name}; simulate never mutates.`);
    this.name = 'MutationInDryRunError';
  }
}

/** The same client with mutations refused before they leave the process. */
export function readOnlyAdmin(admin: AdminClient): AdminClient {
  return {
    get calls() {
      return admin.calls;
    },
    get accessDenied() {
      return admin.accessDenied;
    },
    request(document, variables, options) {
      if (document.kind !== 'query') return Promise.reject(new MutationInDryRunError(document.name));
      return admin.request(document, variables, options);
    },
  };
}
