// Run with a freshly installed runtime's own command line: prints what it says it is, one JSON
// line, so the install can check it got the runtime it asked for and remember its identity.
import { thisRuntime } from './runtime-self.ts';

process.stdout.write(JSON.stringify(thisRuntime()) + '\n');
