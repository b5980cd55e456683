// A separate worker process for the resume test: runs one job until it is done (or the test kills it).
import { runJobSlice } from "@/lib/ingest/jobs";

await runJobSlice(process.argv[2]!);
process.exit(0);
