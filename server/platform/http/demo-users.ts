/**
 * demoSignIns: the shipped demo's people whose published passwords (README, surge.config.yaml)
 * still work here, so the control screen's sign-in page can show them. Only a password that
 * verifies is shown — one already public — so a config that changed them shows nothing.
 */
import type { Config } from '../../config/types.js';
import { verifyPassword } from './passwords.js';

const DEMO_PASSWORDS: readonly { name: string; password: string }[] = [
  { name: 'dana', password: 'demo-dispatcher-password' },
  { name: 'mike', password: 'demo-manager-password' },
];

export interface DemoSignIn {
  name: string;
  role: string;
  password: string;
}

export function demoSignIns(users: Config['auth']['users']): DemoSignIn[] {
  return DEMO_PASSWORDS.flatMap(({ name, password }) => {
    const user = users.find((u) => u.name === name);
    return user && verifyPassword(password, user.password) ? [{ name, role: user.role, password }] : [];
  });
}
