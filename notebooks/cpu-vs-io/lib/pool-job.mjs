// The tasks of the piscina pool in the `async-pool` variant (run_in_executor in the essay).
export { cpuJob as cpu } from './jobs.mjs';
import { ioJobBlocking } from './jobs.mjs';
export const io = ({ urls }) => ioJobBlocking(urls);
