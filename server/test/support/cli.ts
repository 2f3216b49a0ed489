/** runCli runs a `surge` subcommand in-process, capturing what it writes to stdout and stderr. */
import { vi } from 'vitest';

export async function runCli(run: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await run(args), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
