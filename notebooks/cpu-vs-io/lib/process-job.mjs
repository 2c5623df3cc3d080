// One of the essay's `Process(target=func)`: a child process that runs one job and exits.
import { closeBlockingFetch } from '../../threads-vs-async/lib/blocking-fetch.mjs';
import { cpuJob, ioJobBlocking } from './jobs.mjs';

const [job, ...urls] = process.argv.slice(2);
process.send(job === 'cpu' ? cpuJob() : ioJobBlocking(urls), () => closeBlockingFetch().then(() => process.exit(0)));
