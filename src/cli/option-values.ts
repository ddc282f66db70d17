// commander hands its option and argument values over as `any`: the argument tables read them
// with a check instead of a cast.
import type { OptionValues } from 'commander';

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function required(value: unknown): string {
  if (typeof value !== 'string') throw new Error('commander passed a required argument that is not a string');
  return value;
}

export function flag(options: OptionValues, name: string): boolean {
  return options[name] === true;
}
