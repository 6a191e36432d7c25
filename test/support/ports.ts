import net from 'node:net';
import { waitFor } from './wait';

const LOOPBACK = '127.0.0.1';

/** A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}

/** Rejects if something already listens on `port`. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`Port ${LOOPBACK}:${port} is not free (${error.code ?? error.message})`)));
    server.listen(port, LOOPBACK, () => server.close(() => resolve()));
  });
}

/** Resolves true if a TCP connection to `port` is accepted, false if it is refused. */
export function canConnect(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000, host = LOOPBACK): Promise<void> {
  await waitFor(() => canConnect(port, host), {
    timeout: timeoutMs,
    message: `${host}:${port} to accept connections`,
  });
}
