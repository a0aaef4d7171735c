import { wallClockMicros } from './time';

// The services are written once, as generators that yield "wait" and
// "fork" steps. Two drivers run them: a virtual one that advances a
// simulated clock instantly (tests, traffic: thousands of traces in
// milliseconds) and a real one that sleeps (the browser: a slow cart takes
// its half second). Each step resumes the generator with the current time
// in microseconds.

export type Step =
  | { readonly kind: 'wait'; us: number }
  /** Run branches concurrently and continue when all have finished. */
  | { readonly kind: 'all'; readonly branches: readonly Sim<unknown>[] }
  /** Start a branch that outlives the caller (a message consumer). */
  | { readonly kind: 'detach'; readonly branch: Sim<unknown> };

export type Sim<T> = Generator<Step, T, number>;

// Steps are yielded directly (`const t = yield wait(5000)`) rather than
// through helper generators: traffic makes millions of them.

// One shared wait step: drivers read it the moment it is yielded, before
// any other wait can be asked for, and traffic asks for millions.
const WAIT: Step & { kind: 'wait' } = { kind: 'wait', us: 0 };

/** Let time pass; resumes with the time after. */
export function wait(us: number): Step {
  WAIT.us = us > 0 ? Math.round(us) : 0;
  return WAIT;
}

/** Resumes with the current time. */
export const NOW: Step = Object.freeze({ kind: 'wait', us: 0 });

export function all(...branches: Sim<unknown>[]): Step {
  return { kind: 'all', branches };
}

export function detach(branch: Sim<unknown>): Step {
  return { kind: 'detach', branch };
}

/** Runs a simulation on a virtual clock; returns its value and the time the last branch ended. */
export function runVirtual<T>(sim: Sim<T>, startUs: number): { value: T; endUs: number } {
  let latest = startUs;
  const run = <R>(gen: Sim<R>, from: number): { value: R; end: number } => {
    let time = from;
    let result = gen.next(time);
    while (!result.done) {
      const step = result.value;
      if (step.kind === 'wait') {
        time += step.us;
      } else if (step.kind === 'all') {
        let end = time;
        for (const branch of step.branches) end = Math.max(end, run(branch, time).end);
        time = end;
      } else {
        latest = Math.max(latest, run(step.branch, time).end);
      }
      result = gen.next(time);
    }
    latest = Math.max(latest, time);
    return { value: result.value, end: time };
  };
  const { value } = run(sim, startUs);
  return { value, endUs: latest };
}

function sleep(us: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, us / 1000));
}

/** Below this lag the real driver does not sleep: browsers clamp nested timers to about 4 ms. */
const MIN_SLEEP_US = 4000;

/**
 * Runs a simulation in real time, starting now. Span times follow the same
 * schedule as the virtual driver, anchored at the wall clock, and the driver
 * sleeps whenever that schedule runs ahead of the wall clock, so the run
 * takes as long as the request would. Resolves once every detached branch
 * has finished too.
 */
export async function runRealTime<T>(sim: Sim<T>): Promise<{ value: T; startUs: number; endUs: number }> {
  const startUs = wallClockMicros();
  let latest = startUs;
  const detached: Promise<unknown>[] = [];
  const catchUp = async (time: number): Promise<void> => {
    const ahead = time - wallClockMicros();
    if (ahead >= MIN_SLEEP_US) await sleep(ahead);
  };
  const run = async <R>(gen: Sim<R>, from: number): Promise<{ value: R; end: number }> => {
    let time = from;
    let result = gen.next(time);
    while (!result.done) {
      const step = result.value;
      if (step.kind === 'wait') {
        time += step.us;
        await catchUp(time);
      } else if (step.kind === 'all') {
        const ends = await Promise.all(step.branches.map((branch) => run(branch, time)));
        time = Math.max(time, ...ends.map((e) => e.end));
      } else {
        detached.push(run(step.branch, time));
      }
      result = gen.next(time);
    }
    latest = Math.max(latest, time);
    return { value: result.value, end: time };
  };
  const { value } = await run(sim, startUs);
  // Detached branches may detach more; wait until none are left running.
  for (let i = 0; i < detached.length; i += 1) await detached[i];
  await catchUp(latest);
  return { value, startUs, endUs: latest };
}
