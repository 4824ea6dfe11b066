import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from '../../src/analytics/csv';

describe('RFC 4180 CSV', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes; ends records with CRLF', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, true])).toBe('a,"b,c","say ""hi""","two\nlines",,3,true\r\n');
  });

  it('keeps a spreadsheet from running a cell as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });
});
