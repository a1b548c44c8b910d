// A TCP proxy between the app and Postgres that a test can cut and restore, to play a
// database outage without touching the real server.
import net from "node:net";

export type ProxyMode = "open" | "refuse" | "stall";

export type TcpProxy = {
  port: number;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "open";
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
