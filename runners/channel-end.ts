/**
 * The cell process's end of the record channel (file descriptor 3, a socket the engine made): read
 * the one job line, write records, notice when the runner is gone. Node and Deno wrap the
 * descriptor in a net.Socket, as always. Bun's net.Socket({ fd }) never delivers what the runner
 * sends, so on Bun the channel is plain file-descriptor I/O: one blocking read of the job (the
 * process has nothing else to do until it arrives), blocking writes of records, and the runner's
 * death noticed by this process being re-parented.
 */
import { Socket } from 'node:net';
import { readSync, writeSync } from 'node:fs';

export interface ChannelEnd {
  /** Calls back once with the job line (no newline), or undefined when the runner left first. */
  readJob(onJob: (line: string | undefined) => void): void;
  /** Queues a record line. */
  write(text: string): void;
  /** Writes now, synchronously: last words before the process exits. */
  writeNow(text: string): void;
  /** Writes the last line and resolves once it is out. */
  end(text: string): Promise<void>;
  /** Calls back when the runner's end is gone before this process finished. */
  onGone(callback: () => void): void;
  /** After the job: the channel alone must not keep a finished script alive. */
  unref(): void;
}

export function openChannel(fd: number, runtime: string): ChannelEnd {
  return runtime === 'bun' ? fdChannel(fd) : socketChannel(fd);
}

function socketChannel(fd: number): ChannelEnd {
  const socket = new Socket({ fd, readable: true, writable: true });
  socket.on('error', () => {}); // a reset channel ends in 'close'
  return {
    readJob(onJob) {
      let buffer = '';
      let done = false;
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        if (done) return; // the runner sends one job; keep reading only to notice it leave
        buffer += chunk;
        const newline = buffer.indexOf('\n');
        if (newline < 0) return;
        done = true;
        onJob(buffer.slice(0, newline));
      });
      socket.once('end', () => done || ((done = true), onJob(undefined)));
    },
    write: (text) => void socket.write(text),
    writeNow(text) {
      try {
        writeSync(fd, text);
      } catch {
        socket.write(text); // a full non-blocking pipe: fall back to the queued write
      }
    },
    end: (text) => new Promise<void>((resolve) => socket.end(text, resolve)),
    onGone(callback) {
      socket.on('end', callback);
      socket.on('close', callback);
    },
    unref: () => void socket.unref(),
  };
}

/** Sleeps the thread: a blocking write waits for the runner to drain the channel. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function fdChannel(fd: number): ChannelEnd {
  const writeAll = (text: string) => {
    const bytes = Buffer.from(text);
    for (let off = 0; off < bytes.length; ) {
      try {
        off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        pause(1);
      }
    }
  };
  const gone: Array<() => void> = [];
  let watcher: ReturnType<typeof setInterval> | undefined;
  return {
    readJob(onJob) {
      const buffer = Buffer.alloc(64 * 1024);
      let text = '';
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buffer, 0, buffer.length, null);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return onJob(undefined);
          pause(5);
          continue;
        }
        if (n === 0) return onJob(undefined);
        text += buffer.subarray(0, n).toString('utf8');
        const newline = text.indexOf('\n');
        if (newline >= 0) return onJob(text.slice(0, newline));
      }
    },
    write: (text) => {
      try {
        writeAll(text);
      } catch {
        for (const g of gone) g(); // the runner's end is closed
      }
    },
    writeNow: (text) => writeAll(text),
    end: async (text) => writeAll(text),
    onGone(callback) {
      gone.push(callback);
      if (watcher) return;
      // Without a reader on the channel, the runner's death shows as this process changing parent.
      const parent = process.ppid;
      watcher = setInterval(() => process.ppid !== parent && gone.forEach((g) => g()), 250);
      watcher.unref();
    },
    unref: () => {},
  };
}
