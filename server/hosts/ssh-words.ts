// What went wrong with an SSH connection, in the five states of the Hosts page and in words a
// person understands. The inputs are ssh2's errors (their `level` says which layer failed)
// and node's socket errors (their `code`); the texts say what to check.

export type SshState = 'connected' | 'connecting' | 'unreachable' | 'auth-failed' | 'host-key-mismatch';

export interface SshFailure {
  state: Exclude<SshState, 'connected' | 'connecting'>;
  message: string;
}

interface Where {
  address: string;
  port: number;
  user: string;
  readyTimeoutMs: number;
}

type SshError = Error & { level?: string; code?: string | number };

const SOCKET_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: no SSH server listens on that port',
  ENOTFOUND: 'the host name is not known (DNS)',
  EAI_AGAIN: 'the host name could not be looked up (DNS did not answer)',
  EHOSTUNREACH: 'there is no route to that address',
  ENETUNREACH: 'the network of that address cannot be reached',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset by the host',
  EPIPE: 'the connection was closed by the host',
};

export function describeSshError(err: SshError, where: Where): SshFailure {
  const at = `${where.address} port ${where.port}`;
  if (err.level === 'client-authentication') {
    return {
      state: 'auth-failed',
      message: `${at} refused the dashboard's key for user ${where.user} (${err.message}). Check that the public key is in that user's ~/.ssh/authorized_keys and that the user may log in.`,
    };
  }
  if (err.level === 'client-socket' && typeof err.code === 'string') {
    const words = SOCKET_WORDS[err.code];
    return { state: 'unreachable', message: `${at}: ${words ?? err.message}${words ? ` (${err.code})` : ''}.` };
  }
  if (err.level === 'client-timeout' && /handshake/i.test(err.message)) {
    return {
      state: 'unreachable',
      message: `${at}: no SSH handshake within ${Math.round(where.readyTimeoutMs / 1000)} s (host down, packets dropped by a firewall, or sshd not answering).`,
    };
  }
  if (err.level === 'protocol' && /before handshake/i.test(err.message)) {
    return { state: 'unreachable', message: `${at} closed the connection before the SSH handshake (too many connections starting at once, or not an SSH server).` };
  }
  if (err.level === 'client-ssh') {
    return { state: 'unreachable', message: `${at} disconnected: ${err.message}.` };
  }
  return { state: 'unreachable', message: `${at}: ${err.message}.` };
}
