// Every table family lives in its own file; this index is what drizzle and the app import.
export * from "./accounts";
export * from "./projects";
export * from "./audit";
export * from "./records";
export * from "./screening";
export * from "./extraction";
export * from "./quality";
export * from "./snapshots";
export * from "./analysis";
