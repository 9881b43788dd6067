/** Ports checked before anything starts, so a port already held is reported plainly, by name. */
import { createServer } from 'node:net';

export class PortInUseError extends Error {}

export async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(
      `Port ${port} (${variable}) on ${host} is already in use: most likely a Ringside server or simulator left running by an `
      + `earlier start, or another program. Find it with \`ss -ltnp 'sport = :${port}'\` (or \`lsof -i :${port}\`) and stop it, `
      + `or set ${variable} to a free port.`,
    ) : err));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
