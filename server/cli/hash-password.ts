/** `surge hash-password`: reads a password on stdin and prints the scrypt hash for `auth.users[].password`. */
import { hashPassword } from '../platform/http/passwords.js';
import { parseCommandArgs, runCommand } from './args.js';

const USAGE = 'printf %s "$PASSWORD" | surge hash-password';

export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values } = parseCommandArgs('hash-password', args, { help: { type: 'boolean' } }, USAGE);
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (password.length < 8) {
      process.stderr.write('surge hash-password: give a password of at least 8 characters on stdin\n');
      return 1;
    }
    process.stdout.write(`${hashPassword(password)}\n`);
    return 0;
  });
}
