/** Properties of the "Add tracking" Flow step (extensions/add-tracking/shopify.extension.toml). */
import { z } from 'zod';
import { commonProperties, flowBoolean, optionalText } from '../../flow/request';
import { COMPANY_CONFLICTS } from '../../rules/document';
import { urlProblem } from './url';

export const addTrackingProperties = z.object({
  ...commonProperties,
  tracking_number: z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ error: 'is required: the tracking number to add' })
      .trim()
      .min(1, 'is required: the tracking number to add')
      .max(255, 'must be at most 255 characters')
      .regex(/^[^\s<>]+( [^\s<>]+)*$/, 'must be a single tracking number without line breaks or angle brackets')
      // Spaces are how numbers are printed ("1Z 999 AA1 ..."), not part of them: rules, Shopify and its links get the number.
      .transform((number) => number.replace(/ /g, '')),
  ),
  tracking_company: optionalText,
  tracking_url: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .trim()
      .superRefine((url, ctx) => {
        const problem = urlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  ),
  fulfill_if_needed: flowBoolean.optional(),
  // Blank (a Flow field left empty) is unset: the rule's choice, else keep.
  company_conflict: z.preprocess(
    (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : value),
    z.enum(COMPANY_CONFLICTS, { error: 'must be "keep" or "replace" (or empty)' }).optional(),
  ),
});

export type AddTrackingProperties = z.infer<typeof addTrackingProperties>;
