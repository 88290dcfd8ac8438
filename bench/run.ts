/** `npm run bench`: every benchmark in turn. Not part of `npm test` (a smoke run of each is). */
import { main as claimBench } from "./claim.ts";

await claimBench();
