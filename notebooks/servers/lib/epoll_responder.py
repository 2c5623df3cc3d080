"""The cheapest HTTP responder this machine can run, to measure the load generator's ceiling when
every request opens a new connection: one CPython process, one `select.epoll` loop, no parsing, one
canned response per chunk received, closing after it or not. Node's canned responder
(canned-server.ts) is slower in that shape: its own cost per connection caps it before `ab` or
`wrk` does. Started by py-responder.ts: `python3 epoll_responder.py <response> close|keep-alive`;
prints its port on stdout, then serves until SIGTERM (or its parent dies).
"""

import select
import socket
import sys


def die_with_parent():
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


def serve(response, close):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    listener.setblocking(False)
    print(listener.getsockname()[1], flush=True)
    ep = select.epoll()
    lfd = listener.fileno()
    ep.register(lfd, select.EPOLLIN)
    conns = {}
    while True:
        for fd, _ in ep.poll():
            if fd == lfd:
                while True:
                    try:
                        conn, _ = listener.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    conn.setblocking(False)
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    conns[conn.fileno()] = conn
                    ep.register(conn.fileno(), select.EPOLLIN)
                continue
            conn = conns[fd]
            try:
                data = conn.recv(65536)
                if data:
                    conn.send(response)  # a few dozen bytes: the send buffer takes them whole
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if close or not data:
                ep.unregister(fd)
                del conns[fd]
                conn.close()


if __name__ == "__main__":
    die_with_parent()
    serve(sys.argv[1].encode("latin-1"), sys.argv[2] == "close")
