import { describe, expect, it } from 'vitest';
import type { Lifetimes } from '../../src/config/types.js';
import { leaseLifetimes, teeTimes } from '../../src/engine/lifetimes.js';

const base: Lifetimes = {
  preferred: 3000, minPreferred: 2000, maxPreferred: 4000,
  valid: 4000, minValid: 3000, maxValid: 5000,
  calculateTeeTimes: true, t1Percent: 0.5, t2Percent: 0.8,
};

describe('lease lifetimes', () => {
  it('gives the configured lifetimes when the client hints nothing', () => {
    expect(leaseLifetimes(base)).toEqual({ preferred: 3000, valid: 4000 });
    expect(leaseLifetimes(base, { preferred: 0, valid: 0 })).toEqual({ preferred: 3000, valid: 4000 });
  });

  it('honours hints within min/max and clamps those outside', () => {
    expect(leaseLifetimes(base, { preferred: 2500, valid: 3500 })).toEqual({ preferred: 2500, valid: 3500 });
    expect(leaseLifetimes(base, { preferred: 10, valid: 10 })).toEqual({ preferred: 2000, valid: 3000 });
    expect(leaseLifetimes(base, { preferred: 99999, valid: 99999 })).toEqual({ preferred: 4000, valid: 5000 });
  });

  it('never gives a preferred lifetime above the valid one', () => {
    expect(leaseLifetimes(base, { preferred: 3900, valid: 3100 })).toEqual({ preferred: 3100, valid: 3100 });
  });
});

describe('T1/T2', () => {
  it('uses explicit renew-timer and rebind-timer', () => {
    expect(teeTimes({ ...base, renewTimer: 1000, rebindTimer: 2000 }, 3000)).toEqual({ t1: 1000, t2: 2000 });
  });

  it('calculates them as t1-percent/t2-percent of the preferred lifetime', () => {
    expect(teeTimes(base, 3000)).toEqual({ t1: 1500, t2: 2400 });
    expect(teeTimes({ ...base, t1Percent: 0.25, t2Percent: 0.5 }, 1000)).toEqual({ t1: 250, t2: 500 });
  });

  it('sends 0 when calculation is off and nothing is configured', () => {
    expect(teeTimes({ ...base, calculateTeeTimes: false }, 3000)).toEqual({ t1: 0, t2: 0 });
  });

  it('sends 0 for a T2 above the preferred lifetime and a T1 above T2', () => {
    expect(teeTimes({ ...base, renewTimer: 1000, rebindTimer: 5000 }, 3000)).toEqual({ t1: 1000, t2: 0 });
    expect(teeTimes({ ...base, renewTimer: 2500, rebindTimer: 2000 }, 3000)).toEqual({ t1: 0, t2: 2000 });
    expect(teeTimes({ ...base, renewTimer: 3500 }, 3000)).toEqual({ t1: 0, t2: 2400 });
  });
});
