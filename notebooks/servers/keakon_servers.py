# keakon's hello-world servers from "初探 Python 3 的异步 IO 编程" (2015), one function each, as he
# published them: read whatever arrives, answer "hello world", close. The cell `keakon.py` starts
# each in its own pinned process: `python3 keakon_servers.py <server> <port>`.
#
# What we had to adapt, and nothing else:
# - the port is an argument (his: 8000), and the address is 127.0.0.1 (his: '', every interface);
# - the blog engine ate the backslashes of "\r\n\r\n" ("OKrnrnhello world"): restored; and his
#   "HTTP 1.0" loses its slash's typo ("HTTP/1.0"), so every client parses the status line;
# - asyncio: `@asyncio.coroutine`, `yield from` and `start_server(loop=)` are gone from Python 3.11,
#   so the streams handler is `async def` with `await`; the loop is made with `new_event_loop()`
#   (`get_event_loop()` without a running loop is deprecated);
# - kqueue exists on macOS and the BSDs only: `select.kqueue` is missing on Linux, and the cell
#   skips that server there.
# Imports of the libraries sit inside each server, so the cell can import this file for the list.
import sys

HOST = "127.0.0.1"


def tornado_server(port):
    from tornado.gen import coroutine
    from tornado.ioloop import IOLoop
    from tornado.tcpserver import TCPServer

    class Server(TCPServer):
        @coroutine
        def handle_stream(self, stream, address):
            try:
                yield stream.read_bytes(1024, partial=True)
                yield stream.write(b"HTTP/1.0 200 OK\r\n\r\nhello world")
            finally:
                stream.close()

    server = Server()
    server.bind(port, HOST)
    server.start(1)
    IOLoop.current().start()


def asyncio_protocol_server(port, new_event_loop=None):
    import asyncio

    class Server(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport

        def data_received(self, data):
            try:
                self.transport.write(b"HTTP/1.1 200 OK\r\n\r\nhello world")
            finally:
                self.transport.close()

    loop = (new_event_loop or asyncio.new_event_loop)()
    asyncio.set_event_loop(loop)
    server = loop.create_server(Server, HOST, port)
    loop.run_until_complete(server)
    loop.run_forever()


def asyncio_protocol_uvloop_server(port):
    # Not in the essay: the same Protocol server on uvloop (libuv, the loop Node runs on).
    import uvloop

    asyncio_protocol_server(port, uvloop.new_event_loop)


def asyncio_streams_server(port):
    import asyncio

    async def handle(reader, writer):  # his: @asyncio.coroutine, yield from
        await reader.read(1024)
        writer.write(b"HTTP/1.1 200 OK\r\n\r\nhello world")
        await writer.drain()
        writer.close()

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    task = asyncio.start_server(handle, HOST, port)  # his: loop=loop
    server = loop.run_until_complete(task)  # noqa: F841
    loop.run_forever()


def poll_server(port):
    from functools import partial
    import select
    import socket

    class Server:
        def __init__(self):
            self._sock = socket.socket()
            self._poll = select.poll()
            self._handlers = {}
            self._fd_events = {}

        def start(self):
            sock = self._sock
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setblocking(0)
            sock.bind((HOST, port))
            sock.listen(100)

            handlers = self._handlers
            poll = self._poll
            self.add_handler(sock.fileno(), self._accept, select.POLLIN)

            while True:
                poll_events = poll.poll(1)  # milliseconds: idle, it wakes a thousand times a second
                for fd, event in poll_events:
                    handler = handlers.get(fd)
                    if handler:
                        handler()

        def _accept(self):
            for i in range(100):
                try:
                    conn, address = self._sock.accept()
                except OSError:
                    break
                else:
                    conn.setblocking(0)
                    fd = conn.fileno()
                    self.add_handler(fd, partial(self._read, conn), select.POLLIN)

        def _read(self, conn):
            fd = conn.fileno()
            self.remove_handler(fd)
            try:
                conn.recv(1024)
            except:  # noqa: E722
                conn.close()
                raise
            else:
                self.add_handler(fd, partial(self._write, conn), select.POLLOUT)

        def _write(self, conn):
            fd = conn.fileno()
            self.remove_handler(fd)
            try:
                conn.send(b"HTTP/1.0 200 OK\r\n\r\nhello world")
            finally:
                conn.close()

        def add_handler(self, fd, handler, event):
            self._handlers[fd] = handler
            self.register(fd, event)

        def remove_handler(self, fd):
            self._handlers.pop(fd, None)
            self.unregister(fd)

        def register(self, fd, event):
            if fd in self._fd_events:
                raise IOError("fd %s already registered" % fd)
            self._poll.register(fd, event)
            self._fd_events[fd] = event

        def unregister(self, fd):
            event = self._fd_events.pop(fd, None)
            if event is not None:
                self._poll.unregister(fd)

    Server().start()


def kqueue_server(port):
    # macOS and the BSDs only (he used OS X): select.kqueue does not exist on Linux.
    from functools import partial
    import select
    import socket

    class Server:
        def __init__(self):
            self._sock = socket.socket()
            self._kqueue = select.kqueue()
            self._handlers = {}
            self._fd_events = {}

        def start(self):
            sock = self._sock
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setblocking(0)
            sock.bind((HOST, port))
            sock.listen(100)

            self.add_handler(sock.fileno(), self._accept, select.KQ_FILTER_READ)
            handlers = self._handlers

            while True:
                kevents = self._kqueue.control(None, 1000, 1)
                for kevent in kevents:
                    fd = kevent.ident
                    handler = handlers.get(fd)
                    if handler:
                        handler()

        def _accept(self):
            for i in range(100):
                try:
                    conn, address = self._sock.accept()
                except OSError:
                    break
                else:
                    conn.setblocking(0)
                    fd = conn.fileno()
                    self.add_handler(fd, partial(self._read, conn), select.KQ_FILTER_READ)

        def _read(self, conn):
            fd = conn.fileno()
            self.remove_handler(fd)
            try:
                conn.recv(1024)
            except:  # noqa: E722
                conn.close()
                raise
            else:
                self.add_handler(fd, partial(self._write, conn), select.KQ_FILTER_WRITE)

        def _write(self, conn):
            fd = conn.fileno()
            self.remove_handler(fd)
            try:
                conn.send(b"HTTP/1.0 200 OK\r\n\r\nhello world")
            finally:
                conn.close()

        def add_handler(self, fd, handler, event):
            self._handlers[fd] = handler
            self.register(fd, event)

        def remove_handler(self, fd):
            self._handlers.pop(fd, None)
            self.unregister(fd)

        def register(self, fd, event):
            if fd in self._fd_events:
                raise IOError("fd %s already registered" % fd)
            self._control(fd, event, select.KQ_EV_ADD)
            self._fd_events[fd] = event

        def unregister(self, fd):
            event = self._fd_events.pop(fd, None)
            if event is not None:
                self._control(fd, event, select.KQ_EV_DELETE)

        def _control(self, fd, event, flags):
            change_list = (select.kevent(fd, event, flags),)
            self._kqueue.control(change_list, 0)

    Server().start()


def selectors_server(port):
    import selectors
    import socket

    class Server:
        def __init__(self):
            self._sock = socket.socket()
            self._selector = selectors.DefaultSelector()  # epoll on Linux, kqueue on macOS

        def start(self):
            sock = self._sock
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setblocking(0)
            sock.bind((HOST, port))
            sock.listen(100)

            selector = self._selector
            self.add_handler(sock.fileno(), self._accept, selectors.EVENT_READ)

            while True:
                events = selector.select(1)
                for key, event in events:
                    handler, data = key.data
                    if data:
                        handler(**data)
                    else:
                        handler()

        def _accept(self):
            for i in range(100):
                try:
                    conn, address = self._sock.accept()
                except OSError:
                    break
                else:
                    conn.setblocking(0)
                    fd = conn.fileno()
                    self.add_handler(fd, self._read, selectors.EVENT_READ, {"conn": conn})

        def _read(self, conn):
            fd = conn.fileno()
            self.remove_handler(fd)
            try:
                conn.recv(1024)
            except:  # noqa: E722
                conn.close()
                raise
            else:
                self.add_handler(fd, self._write, selectors.EVENT_WRITE, {"conn": conn})

        def _write(self, conn):
            fd = conn.fileno()
            self.remove_handler(fd)
            try:
                conn.send(b"HTTP/1.0 200 OK\r\n\r\nhello world")
            finally:
                conn.close()

        def add_handler(self, fd, handler, event, data=None):
            self._selector.register(fd, event, (handler, data))

        def remove_handler(self, fd):
            self._selector.unregister(fd)

    Server().start()


def ioloop_server(port):
    # His generator-based IOLoop on poll, verbatim but for the port. Two quirks kept as he wrote
    # them: `e.errno == socket.EAGAIN or socket.EWOULDBLOCK` is always true, and no one calls
    # Stream.close(): a connection closes when the last reference to its stream goes, as soon as
    # its handler's generator stack is empty (CPython's reference counting).
    from collections import deque
    import select
    import socket
    from types import GeneratorType

    class Stream:
        def __init__(self, sock, loop):
            sock.setblocking(0)
            self._sock = sock
            self._loop = loop

        def close(self):
            self._sock.close()

        def read(self, size=1024):
            sock = self._sock
            fd = sock.fileno()
            try:
                data = sock.recv(size)
            except OSError as e:
                if e.errno == socket.EAGAIN or socket.EWOULDBLOCK:
                    self._loop.add_handler(fd, self.read(size), select.POLLIN)
                    yield
                else:
                    raise
            else:
                return data
            finally:
                self._loop.remove_handler(fd)

        def write(self, data):
            sock = self._sock
            fd = sock.fileno()
            try:
                try:
                    sent_bytes = sock.send(data)
                except OSError as e:
                    if e.errno not in (socket.EAGAIN, socket.EWOULDBLOCK):
                        raise
                else:
                    if sent_bytes == len(data):
                        return
                    data = data[sent_bytes:]

                self._loop.add_handler(fd, self.write(data), select.POLLOUT)
                yield

                while data:
                    try:
                        sent_bytes = sock.send(data)
                    except OSError as e:
                        if e.errno not in (socket.EAGAIN, socket.EWOULDBLOCK):
                            raise
                    else:
                        if sent_bytes == len(data):
                            return
                        data = data[sent_bytes:]
                    yield
            finally:
                self._loop.remove_handler(fd)

    class IOLoop:
        def __init__(self):
            self._poll = select.poll()
            self._handlers = {}
            self._fd_events = {}

        def start(self):
            handlers = self._handlers
            poll = self._poll

            while True:
                poll_events = poll.poll(1)
                for fd, event in poll_events:
                    handler = handlers.get(fd)
                    if handler:
                        if callable(handler):
                            handler()
                        else:
                            stack = handler
                            while True:
                                generator, value = stack[-1]
                                try:
                                    value = generator.send(value)
                                    if isinstance(value, GeneratorType):
                                        stack.append([value, None])
                                    else:
                                        break
                                except StopIteration as e:
                                    stack.pop()
                                    if stack:
                                        stack[-1][-1] = e.value
                                    else:
                                        break

        def add_handler(self, fd, handler, event):
            if isinstance(handler, GeneratorType):
                self._handlers[fd] = deque([[handler, None]])
            else:
                self._handlers[fd] = handler
            self.register(fd, event)

        def remove_handler(self, fd):
            self._handlers.pop(fd, None)
            self.unregister(fd)

        def update_handler(self, fd, event):
            self.modify(fd, event)

        def register(self, fd, event):
            if fd in self._fd_events:
                raise IOError("fd %s already registered" % fd)
            self._poll.register(fd, event)
            self._fd_events[fd] = event

        def unregister(self, fd):
            event = self._fd_events.pop(fd, None)
            if event is not None:
                self._poll.unregister(fd)

        def modify(self, fd, event):
            self._poll.modify(fd, event)
            self._fd_events[fd] = event

    class Server:
        def __init__(self):
            self._sock = socket.socket()
            self._loop = IOLoop()
            self._stream = Stream(self._sock, self._loop)

        def start(self):
            sock = self._sock
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setblocking(0)
            sock.bind((HOST, port))
            sock.listen(100)

            self._loop.add_handler(sock.fileno(), self._accept, select.POLLIN)
            self._loop.start()

        def _accept(self):
            for i in range(100):
                try:
                    conn, address = self._sock.accept()
                except OSError:
                    break
                else:
                    stream = Stream(conn, self._loop)
                    fd = conn.fileno()
                    self._loop.add_handler(fd, self._handle(stream), select.POLLIN)

        def _handle(self, stream):
            yield stream.read()
            yield stream.write(b"HTTP/1.0 200 OK\r\n\r\nhello world")

    Server().start()


# The rows' `server` key for each, as servers/hello keys the essay's figures (notebooks/servers/lib/styles.ts).
SERVERS = {
    "tornado": tornado_server,
    "asyncio-protocol": asyncio_protocol_server,
    "asyncio-protocol-uvloop": asyncio_protocol_uvloop_server,
    "asyncio-streams": asyncio_streams_server,
    "py-poll": poll_server,
    "py-kqueue": kqueue_server,
    "py-selectors": selectors_server,
    "py-ioloop": ioloop_server,
}


def runs_here(server):
    """Whether this platform has what the server needs (kqueue: macOS and the BSDs)."""
    import select

    return server != "py-kqueue" or hasattr(select, "kqueue")


if __name__ == "__main__":
    SERVERS[sys.argv[1]](int(sys.argv[2]))
