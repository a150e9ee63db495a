import {describe, expect, it} from 'vitest';
import {withoutCredentials} from '../../../src/cluster/client.js';
import {redact} from '../../../src/ui/base-command.js';

describe('credentials never reach the output', () => {
  it('server URLs lose their user and password', () => {
    expect(withoutCredentials('https://admin:s3cret@127.0.0.1:6443')).toBe('https://127.0.0.1:6443');
    expect(withoutCredentials('https://127.0.0.1:6443')).toBe('https://127.0.0.1:6443');
    expect(withoutCredentials('https://10.0.0.1/prefix/')).toBe('https://10.0.0.1/prefix/');
  });

  it('error text from libraries is masked', () => {
    expect(redact('request to https://admin:s3cret@127.0.0.1:1/version failed')).toBe(
      'request to https://***@127.0.0.1:1/version failed',
    );
    expect(redact('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.abc.def')).toBe('Authorization: Bearer ***');
    expect(redact('    token: eyJhbGciOiJSUzI1NiJ9.abc')).toBe('    token: ***');
    expect(redact('{"password":"hunter2"}')).toBe('{"password":"***"}');
    expect(redact('cluster unreachable: connect ECONNREFUSED 127.0.0.1:1 (server https://127.0.0.1:1)')).toBe(
      'cluster unreachable: connect ECONNREFUSED 127.0.0.1:1 (server https://127.0.0.1:1)',
    );
  });
});
