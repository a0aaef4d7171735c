import { formatCount } from '../../shared/format';
// Props the lessons pass to the analysis sandboxes, checked at build time:
// a wrong value stops the build with the component, the prop and the fix.

const MAX_REQUESTS = 10_000;

export function checkRequests(component: string, prop: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1 && value <= MAX_REQUESTS)) {
    throw new Error(`<${component}>: ${prop} is ${String(value)}; use a whole number of requests from 1 to ${formatCount(MAX_REQUESTS)}.`);
  }
  return value;
}

export function checkSeed(component: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0 && value < 2 ** 32)) {
    throw new Error(`<${component}>: seed is ${String(value)}; use a whole number from 0 to 4294967295.`);
  }
  return value;
}

export function checkText(component: string, prop: string, value: string | undefined): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
    throw new Error(`<${component}>: ${prop} is empty; leave it out to use the default, or give the text.`);
  }
  return value;
}
