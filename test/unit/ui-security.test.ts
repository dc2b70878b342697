// Which Host headers name the `stepster ui` server, for each kind of bound address: the
// DNS-rebinding guard as a pure function (the HTTP tests cover it end to end).
import { describe, expect, it } from 'vitest';
import { hostAllowed } from '../../shared/ui/ui-security.js';

describe('hostAllowed', () => {
  it('on loopback, accepts the loopback names on the bound port only', () => {
    // Prepare
    const bound = { host: '127.0.0.1', port: 3000 };

    // Act
    const verdicts = [
      '127.0.0.1:3000',
      'localhost:3000',
      '[::1]:3000',
      'LOCALHOST:3000',
      '127.0.0.1:3001',
      '127.0.0.1',
    ].map((host) => hostAllowed(host, bound));

    // Assess
    expect(verdicts).toEqual([true, true, true, true, false, false]);
  });

  it('refuses other names, IP literals of other machines, and malformed or missing Host', () => {
    // Prepare
    const bound = { host: '127.0.0.1', port: 3000 };

    // Act
    const verdicts = [
      'attacker.example:3000',
      '192.168.1.10:3000',
      'localhost.attacker.example:3000',
      'a:b:c',
      '',
      undefined,
    ].map((host) => hostAllowed(host, bound));

    // Assess
    expect(verdicts).toEqual([false, false, false, false, false, false]);
  });

  it('bound to every interface, accepts IP literals and loopback names but still no domain names', () => {
    // Prepare
    const bound = { host: '0.0.0.0', port: 8080 };

    // Act
    const verdicts = [
      '192.168.1.10:8080',
      '[fe80::1]:8080',
      'localhost:8080',
      'attacker.example:8080',
      '192.168.1.10:80',
    ].map((host) => hostAllowed(host, bound));

    // Assess
    expect(verdicts).toEqual([true, true, true, false, false]);
  });

  it('bound to an IPv6 address, accepts it in brackets', () => {
    // Act
    const verdict = hostAllowed('[::1]:3000', { host: '::1', port: 3000 });

    // Assess
    expect(verdict).toBe(true);
  });
});
