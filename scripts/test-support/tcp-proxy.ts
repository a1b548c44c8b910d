// A TCP proxy between the app and Postgres that a test can cut and restore, to play a
// database outage without touching the real server. It can also play what poolers, cloud
// load balancers and NAT gateways do: close a link the server has sent nothing on for a
// while (`idleCloseMs`), or drop every link at once, as a failover does (`dropAll`).
import net from "node:net";

export type ProxyMode = "open" | "refuse" | "stall";

export type TcpProxy = {
  port: number;
  setMode(mode: ProxyMode): void;
  // Ends every link open now and keeps accepting new ones.
  dropAll(): void;
  // Links closed so far because the server sent nothing on them for idleCloseMs.
  idleClosed(): number;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }, options: { idleCloseMs?: number } = {}): Promise<TcpProxy> {
  let mode: ProxyMode = "open";
  let idleClosed = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "refuse") return void client.destroy();
    // "stall" accepts the connection and never answers, like a hung host.
    if (mode === "stall") return;
    const upstream = net.connect(target);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
    if (options.idleCloseMs) closeWhenIdle(upstream, client, options.idleCloseMs, () => idleClosed++);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;

  return {
    port: address.port,
    setMode(next) {
      mode = next;
      // Cutting the line drops what is connected now, as an outage would.
      if (next !== "open") for (const socket of sockets) socket.destroy();
    },
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    idleClosed: () => idleClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// Idle is judged on what the server sends, as a pooler sees it: a query sent on a link
// that is then cut is exactly the case a client must survive.
function closeWhenIdle(upstream: net.Socket, client: net.Socket, idleMs: number, onClose: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      onClose();
      client.destroy();
      upstream.destroy();
    }, idleMs);
  };
  upstream.on("data", arm);
  upstream.on("close", () => clearTimeout(timer));
  arm();
}
