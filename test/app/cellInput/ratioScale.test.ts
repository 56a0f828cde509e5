/** A ratio given as a fraction of 1 is asked about; a percent sign or a larger number is taken as typed. */
import { describe, expect, it } from 'vitest';
import { fractionReading } from '../../../src/app/cellInput/ratioScale';

describe('fractionReading', () => {
  it('offers 90% for 0.9 typed without a percent sign', () => {
    expect(fractionReading('0.9', 0.9)).toEqual({ typed: 0.9, percent: 90 });
    expect(fractionReading('1', 1)).toEqual({ typed: 1, percent: 100 });
    expect(fractionReading('0.07', 0.07)).toEqual({ typed: 0.07, percent: 7 });
  });

  it('takes 0, numbers above 1 and anything with a percent sign as typed', () => {
    expect(fractionReading('0', 0)).toBeNull();
    expect(fractionReading('85', 85)).toBeNull();
    expect(fractionReading('0.9%', 0.9)).toBeNull();
    expect(fractionReading('0.9％', 0.9)).toBeNull();
  });
});
