import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from './passwords.js';
import { Sessions } from './sessions.js';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies', async () => {
    const a = hashPassword('correct horse');
    expect(isPasswordHash(a)).toBe(true);
    expect(a).not.toBe(hashPassword('correct horse'));
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct hors', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});

describe('sessions', () => {
  const sessions = new Sessions('secret-of-at-least-sixteen', 3600);
  const dana = { name: 'dana', role: 'dispatcher' as const };

  it('signs a session that expires', () => {
    const { token, expiresAt } = sessions.issue(dana, 1000);
    expect(expiresAt).toBe(1000 + 3_600_000);
    expect(sessions.verify(token, 2000)).toEqual(dana);
    expect(sessions.verify(token, expiresAt)).toBeUndefined();
  });

  it('refuses forged, tampered and foreign tokens', () => {
    const { token } = sessions.issue(dana, 0);
    const [p, payload, sig] = token.split('.');
    const admin = Buffer.from(JSON.stringify({ u: 'dana', r: 'admin', exp: 9e15 })).toString('base64url');
    expect(sessions.verify(`${p}.${admin}.${sig}`, 1)).toBeUndefined();
    expect(sessions.verify(`${p}.${payload}.x${sig}`, 1)).toBeUndefined();
    expect(new Sessions('another-secret-entirely', 3600).verify(token, 1)).toBeUndefined();
    expect(sessions.verify('s1.garbage', 1)).toBeUndefined();
  });
});
