export async function register(): Promise<void> {
  // The edge runtime has no filesystem or sockets; the work happens in the Node server.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startApp } = await import("./lib/startup");
  await startApp();
}
