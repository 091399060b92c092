// `npm run worker`: a standalone analysis worker for a PostgreSQL deployment. Start as many as you
// like, on any machines that reach the database; they share the queue.
import { openDatabase } from "@/db/client";
import { startAnalysisWorker } from "./analysis-worker";
import { stopQueue } from "./queue";

const url = process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error("npm run worker needs DATABASE_URL=postgres://…  (the embedded database runs its worker inside `npm start`).");
  process.exit(1);
}
const handle = await openDatabase(url);
const worker = await startAnalysisWorker(handle, { embedded: false });
console.log(`Concord analysis worker ${worker.workerId} is waiting for runs.`);
const shutdown = async () => {
  await worker.stop();
  await stopQueue(handle);
  await handle.close();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
