/**
 * A sync worker's blocking wait, shared by the deployments (the load sweep's `/io`) and the
 * blocking-handler experiment's servers (`/fast` in sync, `/hog?kind=block`). Atomics.wait on a
 * SharedArrayBuffer that nobody ever notifies: the thread makes a futex system call and the kernel
 * puts it to sleep until the timeout. Unlike an await, control never returns to the event loop, so
 * no other connection is read, no other request parsed, until the wait is over: exactly a thread
 * blocked in a synchronous database call. It uses no CPU meanwhile.
 */
const FUTEX = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` in the kernel: no CPU, no event loop. */
export function blockFor(ms: number): void {
  Atomics.wait(FUTEX, 0, 0, ms);
}
