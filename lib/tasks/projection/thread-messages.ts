// What the app's thread and the projector's thread (projector-thread.ts) say to each other.
export type ToProjectorThread = { kind: "wake" } | { kind: "stop" };

// A committed batch: the app's thread counts it in its metrics and settles the retries
// its new tasks may answer (lib/retries/adopt-unknown.ts).
export type FromProjectorThread = { kind: "batch"; events: number; seconds: number; firstItems: bigint[] };
