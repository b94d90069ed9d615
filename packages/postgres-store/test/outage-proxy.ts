import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test server, to take PostgreSQL away and bring it back: `stop()`
 * drops every connection and refuses new ones, as a stopped server does; `start()` serves again
 * on the same port. `loseNextCommitReply()` lets the next COMMIT through to the server and drops
 * that connection once the server has answered, before the answer reaches the client: the
 * transaction landed, and its caller cannot know.
 */
export async function outageProxy(connectionString: string) {
  const target = new URL(connectionString);
  const sockets = new Set<Socket>();
  let commitLost: (() => void) | undefined;
  const listen = (port: number) =>
    new Promise<Server>((resolve) => {
      const server = createServer((client) => {
        const upstream = new NetSocket();
        upstream.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        let committing = false;
        client.on('data', (chunk: Buffer) => {
          // kysely ends a transaction with the simple query `commit`: 'Q', a length, the text and NUL.
          if (commitLost !== undefined && chunk[0] === 0x51 && chunk.subarray(5).toString() === 'commit\u0000')
            committing = true;
          upstream.write(chunk);
        });
        upstream.on('data', (chunk: Buffer) => {
          if (!committing) {
            client.write(chunk);
            return;
          }
          // The server has committed and answered: the answer never arrives.
          client.destroy();
          upstream.destroy();
          commitLost?.();
          commitLost = undefined;
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  let server: Server | undefined = await listen(0);
  const port = (server.address() as { port: number }).port;
  const url = new URL(connectionString);
  url.port = String(port);
  const stop = async () => {
    const closing = server;
    server = undefined;
    if (closing === undefined) return;
    const closed = new Promise((resolve) => closing.close(resolve));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    url: url.toString(),
    stop,
    /** Resolves once a COMMIT has landed on the server and its answer was lost on the way back. */
    loseNextCommitReply() {
      return new Promise<void>((resolve) => {
        commitLost = resolve;
      });
    },
    async start() {
      server ??= await listen(port);
    },
  };
}
